# meshhub in a container: docker build -t meshhub . && docker run -p 8080:8080 -v meshhub-data:/data meshhub
# Stage 1 builds the jar with Maven; stage 2 runs it on a JRE as a non-root user, its data on a volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# The embedded Postgres refuses to run as root; the hub needs nothing a user cannot have.
RUN groupadd --system meshhub && useradd --system --gid meshhub --home-dir /data meshhub \
  && mkdir -p /data /opt/meshhub && chown meshhub:meshhub /data
COPY --from=build /src/target/meshhub.jar /opt/meshhub/meshhub.jar
USER meshhub
WORKDIR /data
VOLUME /data
EXPOSE 8080
# Listen on every interface inside the container; keep the embedded Postgres's files on the volume. Set
# MESHHUB_DB_URL for an external Postgres, MESHHUB_LOGGING_FORMAT=json for log shippers.
ENV MESHHUB_HTTP_HOST=0.0.0.0 \
    MESHHUB_DB_DATA_DIR=/data/pg
HEALTHCHECK --interval=30s --timeout=3s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/meshhub/meshhub.jar"]
CMD ["serve"]
