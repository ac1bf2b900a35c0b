# One image recipe for every Courier service. Build the jars first (./mvnw -DskipTests package), then e.g.
#   docker build --build-arg MODULE=auth-service --build-arg PORT=8081 -t courier/auth-service .
# docker-compose.yml does this for each service. Alpine JRE: small, and BusyBox wget serves the health checks.
#
# Quick start: the service runs from its extracted jar (app.jar beside lib/) with the JVM's AOT cache (JDK 25,
# JEP 483/514/515), which the training stage makes: local-stack's image trainer starts a PostgreSQL and a Kafka of its
# own, embedded, runs the service until its context is refreshed and keeps the cache the JVM writes. The cache fits
# only this image's JDK, jars and JVM options (the same options below), so each image makes its own. Should the
# training fail, the image still builds and its service starts without a cache, only more slowly.
FROM eclipse-temurin:25-jre-alpine AS runtime
RUN addgroup -S courier && adduser -S -G courier -H -h /app courier \
    && mkdir /app && chown courier:courier /app

FROM runtime AS training
ARG MODULE
COPY ${MODULE}/target/${MODULE}.jar /build/app.jar
COPY local-stack/target/local-stack-*-exec.jar /build/local-stack.jar
# PostgreSQL refuses to run as root: the embedded one runs as the service's user.
USER courier
RUN java -jar /build/local-stack.jar train-image ${MODULE} /build/app.jar /app/extracted -XX:MaxRAMPercentage=75

FROM runtime
ARG PORT=8080
COPY --from=training --chown=root:root /app/extracted /app/extracted
USER courier
EXPOSE ${PORT}
# The cache is used when the training made one (a missing one would only print errors).
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:MaxRAMPercentage=75 $(test -f /app/extracted/app.aot && echo -XX:AOTCache=/app/extracted/app.aot) -jar /app/extracted/app.jar"]
