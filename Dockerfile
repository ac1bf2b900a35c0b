# One image recipe for every Courier service. Build the jars first (./mvnw -DskipTests package), then e.g.
#   docker build --build-arg MODULE=auth-service --build-arg PORT=8081 -t courier/auth-service .
# docker-compose.yml does this for each service. Alpine JRE: small, and BusyBox wget serves the health checks.
FROM eclipse-temurin:21-jre-alpine

ARG MODULE
ARG PORT=8080

RUN addgroup -S courier && adduser -S -G courier -H -h /app courier
WORKDIR /app
COPY --chown=root:root ${MODULE}/target/${MODULE}.jar /app/app.jar

USER courier
EXPOSE ${PORT}
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
