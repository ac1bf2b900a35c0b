# Sourced by .ci/run and bin/courier-local: makes JAVA_HOME point at a JDK 21 or newer when the default is older.
java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
current_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$current_java" >/dev/null 2>&1 || [ "$(java_major "$current_java")" -lt 21 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="${candidate%/}"
      export PATH="$JAVA_HOME/bin:$PATH"
      break
    fi
  done
fi
if [ "$(java_major "${JAVA_HOME:+$JAVA_HOME/bin/}java")" -lt 21 ] 2>/dev/null; then
  echo "Courier needs a JDK 21 or newer; set JAVA_HOME to one." >&2
  exit 1
fi
