{{/* The release's name prefix: "<release>" when it already says courier, else "<release>-courier". */}}
{{- define "courier.fullname" -}}
{{- if contains "courier" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-courier" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Every Courier service: its values key, its name in the cluster, its Maven module, its workload kind and what it
needs. Gateways and group-service are StatefulSets: their pod names are their instance ids (a gateway's names its
Kafka topic and consumer groups; group-service's are the members of the consistent-hash ring).
*/}}
{{- define "courier.components" -}}
- {key: gateway, name: gateway, module: gateway-service, kind: StatefulSet, database: false, jwk: true}
- {key: auth, name: auth, module: auth-service, kind: Deployment, database: true, jwk: false}
- {key: parser, name: parser, module: parser-service, kind: Deployment, database: false, jwk: false}
- {key: session, name: session, module: session-service, kind: Deployment, database: true, jwk: false}
- {key: group, name: group, module: group-service, kind: StatefulSet, database: true, jwk: true}
- {key: message, name: message, module: message-service, kind: Deployment, database: true, jwk: true}
- {key: lastSeen, name: last-seen, module: last-seen-service, kind: Deployment, database: true, jwk: true}
- {key: media, name: media, module: media-service, kind: Deployment, database: true, jwk: true}
{{- end -}}

{{- define "courier.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: courier
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Labels that pick one component's pods; selectors never carry the version, so upgrades keep them. */}}
{{- define "courier.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: courier
{{- end -}}

{{/* Labels that pick every pod of this release's Courier services. */}}
{{- define "courier.releaseSelector" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: courier
{{- end -}}

{{- define "courier.serviceUrl" -}}
{{- $c := index .root.Values .key -}}
http://{{ include "courier.fullname" .root }}-{{ .name }}:{{ $c.port }}
{{- end -}}

{{- define "courier.kafkaBootstrap" -}}
{{- if .Values.strimzi.enabled -}}
{{ include "courier.fullname" . }}-kafka-kafka-bootstrap:9092
{{- else -}}
{{ required "kafka.bootstrapServers is required (or strimzi.enabled)" .Values.kafka.bootstrapServers }}
{{- end -}}
{{- end -}}

{{- define "courier.kafkaReplicationFactor" -}}
{{- if .Values.strimzi.enabled -}}
{{ min 3 (int .Values.strimzi.replicas) }}
{{- else -}}
{{ .Values.kafka.replicationFactor }}
{{- end -}}
{{- end -}}

{{- define "courier.postgresHost" -}}
{{- if .Values.cloudnativepg.enabled -}}
{{ include "courier.fullname" . }}-postgresql-rw
{{- else -}}
{{ required "postgresql.host is required (or cloudnativepg.enabled)" .Values.postgresql.host }}
{{- end -}}
{{- end -}}

{{- define "courier.postgresSecret" -}}
{{- if .Values.cloudnativepg.enabled -}}
{{ include "courier.fullname" . }}-postgresql-app
{{- else -}}
{{ required "postgresql.existingSecret is required (or cloudnativepg.enabled)" .Values.postgresql.existingSecret }}
{{- end -}}
{{- end -}}

{{/* The group-service ring, as session-service and message-service read it (a dashed map key: JSON, not env names). */}}
{{- define "courier.groupRing" -}}
{{- $full := include "courier.fullname" . -}}
{{- $uris := list -}}
{{- range $i := until (int .Values.group.replicas) -}}
{{- $uris = append $uris (dict "uri" (printf "http://%s-group-%d.%s-group-headless:%d" $full $i $full (int $.Values.group.port))) -}}
{{- end -}}
{{- dict "spring" (dict "cloud" (dict "discovery" (dict "client" (dict "simple" (dict "instances" (dict "group-service" $uris)))))) | toJson -}}
{{- end -}}

{{/* What one service needs besides the common settings (docker-compose.yml is the reference). */}}
{{- define "courier.serviceEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $ctx := dict "root" $root -}}
{{- if eq .key "gateway" }}
- name: COURIER_GATEWAY_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: COURIER_GATEWAY_MANAGEMENT_PORT
  value: {{ $v.gateway.managementPort | quote }}
- name: COURIER_GATEWAY_MAX_CONNECTIONS
  value: {{ $v.gateway.maxConnections | quote }}
- name: COURIER_GATEWAY_DRAINTIMEOUT
  value: {{ printf "%ds" (int $v.gateway.drainTimeoutSeconds) | quote }}
- name: COURIER_GATEWAY_ROUTES_AUTH
  value: {{ include "courier.serviceUrl" (merge (dict "key" "auth" "name" "auth") $ctx) | quote }}
- name: COURIER_GATEWAY_ROUTES_GROUP
  value: {{ include "courier.serviceUrl" (merge (dict "key" "group" "name" "group") $ctx) | quote }}
- name: COURIER_GATEWAY_ROUTES_MESSAGE
  value: {{ include "courier.serviceUrl" (merge (dict "key" "message" "name" "message") $ctx) | quote }}
- name: COURIER_GATEWAY_ROUTES_LASTSEEN
  value: {{ include "courier.serviceUrl" (merge (dict "key" "lastSeen" "name" "last-seen") $ctx) | quote }}
- name: COURIER_GATEWAY_ROUTES_MEDIA
  value: {{ include "courier.serviceUrl" (merge (dict "key" "media" "name" "media") $ctx) | quote }}
{{- else if eq .key "auth" }}
- name: COURIER_AUTH_LASTSEENURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "lastSeen" "name" "last-seen") $ctx) | quote }}
- name: COURIER_AUTH_MEDIAURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "media" "name" "media") $ctx) | quote }}
- name: COURIER_AUTH_ADMINPHONES
  value: {{ $v.auth.adminPhones | quote }}
{{- else if eq .key "session" }}
- name: COURIER_SESSION_AUTHURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "auth" "name" "auth") $ctx) | quote }}
- name: COURIER_SESSION_MEDIAURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "media" "name" "media") $ctx) | quote }}
- name: SPRING_APPLICATION_JSON
  value: {{ include "courier.groupRing" $root | quote }}
{{- else if eq .key "group" }}
- name: COURIER_GROUP_AUTHURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "auth" "name" "auth") $ctx) | quote }}
- name: COURIER_GROUP_INSTANCEID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- else if eq .key "message" }}
- name: SPRING_APPLICATION_JSON
  value: {{ include "courier.groupRing" $root | quote }}
{{- else if eq .key "lastSeen" }}
- name: COURIER_LASTSEEN_AUTHURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "auth" "name" "auth") $ctx) | quote }}
{{- else if eq .key "media" }}
- name: COURIER_MEDIA_STORAGE_TYPE
  value: s3
{{- with $v.s3.endpoint }}
- name: COURIER_MEDIA_STORAGE_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: COURIER_MEDIA_STORAGE_S3_BUCKET
  value: {{ $v.s3.bucket | quote }}
- name: COURIER_MEDIA_STORAGE_S3_REGION
  value: {{ $v.s3.region | quote }}
- name: COURIER_MEDIA_LASTSEENURL
  value: {{ include "courier.serviceUrl" (merge (dict "key" "lastSeen" "name" "last-seen") $ctx) | quote }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ required "s3.existingSecret is required" $v.s3.existingSecret }}
      key: {{ $v.s3.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $v.s3.existingSecret }}
      key: {{ $v.s3.secretAccessKeyKey }}
{{- end }}
{{- end -}}
