{{- /*
Helpers shared by every meshctl chart. The canonical copy is manifests/chart-shared/_meshctl.tpl;
each chart carries an identical copy in templates/ because Helm charts cannot share files
(test/manifests-data checks the copies; `UPDATE_GOLDEN=1` rewrites them).
*/ -}}

{{- /*
meshctl.mergeValues: builds the values every template reads, in this order (last wins):
  chart defaults < profile < compatibility version < platform < user values.
Helm hands us chart defaults and user values already merged, leaving no room for the profile in
between; so the defaults live under `chartDefaults` in values.yaml and are layered here. The result
replaces .Values for all later templates: Helm renders templates/zz-merge-values.yaml first
(deepest paths first, then reverse alphabetical order) and shares one values map between templates.
The user's own values are kept as .UserValues for the `values` ConfigMap.
*/ -}}
{{- define "meshctl.mergeValues" -}}
{{- $ctx := . -}}
{{- $user := omit .Values "chartDefaults" -}}
{{- $merged := deepCopy (.Values.chartDefaults | default dict) -}}
{{- $layered := dict -}}
{{- $layers := list
  (list "profile" "profile-%s" (coalesce .Values.profile ($user.global | default dict).profile))
  (list "compatibility version" "profile-compatibility-version-%s" .Values.compatibilityVersion)
  (list "platform" "profile-platform-%s" (coalesce .Values.platform ($user.global | default dict).platform)) -}}
{{- range $layers -}}
{{- $name := index . 2 -}}
{{- if $name -}}
{{- $file := $ctx.Files.Get (printf (printf "files/%s.yaml" (index . 1)) (toString $name)) -}}
{{- if not $file -}}
{{- fail (printf "unknown %s %s" (index . 0) (toString $name)) -}}
{{- end -}}
{{- $layer := $file | fromYaml -}}
{{- $merged = mustMergeOverwrite $merged (deepCopy $layer) -}}
{{- $layered = mustMergeOverwrite $layered $layer -}}
{{- end -}}
{{- end -}}
{{- /* Charts that read global settings at their top level (ztunnel, like its standalone chart) get global.* copied there, below the user's own top-level values. */ -}}
{{- if .Values.meshctlFlattenGlobals -}}
{{- $merged = mustMergeOverwrite $merged (deepCopy ($layered.global | default dict)) (deepCopy ($user.global | default dict)) -}}
{{- end -}}
{{- $_ := set $ctx "UserValues" (deepCopy $user) -}}
{{- $_ := set $ctx "Values" (mustMergeOverwrite $merged $user) -}}
{{- end -}}

{{- /* meshctl.standardLabels: the labels Helm-managed Istio objects carry. */ -}}
{{- define "meshctl.standardLabels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service | default "Helm" | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/part-of: istio
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{- /*
meshctl.labels: a complete, sorted label map: the standard labels plus the object's own.
Call as (list $ (dict "app" "istiod" ...)).
*/ -}}
{{- define "meshctl.labels" -}}
{{- $own := index . 1 -}}
{{- $all := merge (deepCopy $own) (include "meshctl.standardLabels" (index . 0) | fromYaml) -}}
{{- toYaml $all -}}
{{- end -}}

{{- /* meshctl.inScope: "true" when global.resourceScope lets this chart render objects of the given scope ("cluster" or "namespace"). */ -}}
{{- define "meshctl.inScope" -}}
{{- $scope := ((index . 0).Values.global).resourceScope | default "all" -}}
{{- if or (eq $scope "all") (eq $scope (index . 1)) }}true{{ end -}}
{{- end -}}

{{- /* meshctl.image: <hub>/<image>:<tag>[-<variant>]; an image that already contains "/" is used as is. Call as (dict "image" .. "hub" .. "tag" .. "variant" ..). */ -}}
{{- define "meshctl.image" -}}
{{- if contains "/" .image -}}
{{ .image }}
{{- else -}}
{{ .hub }}/{{ .image }}:{{ .tag }}{{ with .variant }}-{{ . }}{{ end }}
{{- end -}}
{{- end -}}

{{- /*
meshctl.stablePolicy: the stable profile's ValidatingAdmissionPolicy and its binding, refusing
Istio kinds and fields that are not stable. Call as (dict "ctx" $ "name" .. "binding" ..
"labels" (dict ..) "revision" ..); with a revision, only objects labelled for it are checked.
*/ -}}
{{- define "meshctl.stablePolicy" -}}
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: {{ .name }}
  labels:
    {{- include "meshctl.labels" (list .ctx .labels) | nindent 4 }}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [security.istio.io, networking.istio.io, telemetry.istio.io, extensions.istio.io]
        apiVersions: ['*']
        operations: [CREATE, UPDATE]
        resources: ['*']
    {{- with .revision }}
    objectSelector:
      matchExpressions:
        - key: istio.io/rev
          operator: In
          values: [{{ . | quote }}]
    {{- end }}
  variables:
    - {name: isEnvoyFilter, expression: "object.kind == 'EnvoyFilter'"}
    - {name: isWasmPlugin, expression: "object.kind == 'WasmPlugin'"}
    - {name: isProxyConfig, expression: "object.kind == 'ProxyConfig'"}
    - {name: isTelemetry, expression: "object.kind == 'Telemetry'"}
    - {name: isAuthorizationPolicy, expression: "object.kind == 'AuthorizationPolicy'"}
  validations:
    # Alpha kinds.
    - expression: '!variables.isEnvoyFilter'
    - expression: '!variables.isWasmPlugin'
    - expression: '!variables.isProxyConfig'
    # Alpha Telemetry fields. The expressions' text (line breaks included) is what the API server stores
    # and what istioctl renders, so it is kept exactly, down to the trailing newline of the first.
    - expression: |
        !(
          variables.isTelemetry && (
            (has(object.spec.tracing) ? object.spec.tracing : {}).exists(t, has(t.useRequestIdForTraceSampling)) ||
            (has(object.spec.metrics) ? object.spec.metrics : {}).exists(m, has(m.reportingInterval)) ||
            (has(object.spec.accessLogging) ? object.spec.accessLogging : {}).exists(l, has(l.filter))
          )
        )
    # Alpha AuthorizationPolicy source fields.
    - expression: |-
        !(
          variables.isAuthorizationPolicy &&
          has(object.spec.rules) &&
          object.spec.rules.exists(r,
            has(r.from) && r.from.exists(f,
              has(f.source) && (has(f.source.trustDomains) || has(f.source.notTrustDomains))
            )
          )
        )
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: {{ .binding }}
spec:
  policyName: {{ .name }}
  validationActions: [Deny]
{{- end -}}

{{- /* meshctl.resources: a container resources block without empty entries, so `--set …resources.limits.cpu=null` drops just that line. */ -}}
{{- define "meshctl.resources" -}}
{{- $out := dict -}}
{{- range $kind := list "limits" "requests" -}}
{{- $set := dict -}}
{{- range $name, $qty := (index $ $kind) | default dict -}}
{{- if $qty }}{{ $_ := set $set $name $qty }}{{ end -}}
{{- end -}}
{{- if $set }}{{ $_ := set $out $kind $set }}{{ end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}
