{{- /* ztunnel.name: the DaemonSet and account name. */ -}}
{{- define "ztunnel.name" -}}
{{ .Values.resourceName | default "ztunnel" }}
{{- end -}}

{{- /*
ztunnel.metadata: name, namespace, labels and annotations shared by ztunnel's objects; call as
(list $ (dict extra-labels) namespaced annotated). Annotated objects always carry the annotations map, `{}`
when there are none, as Istio's chart writes it; the ResourceQuota carries none.
*/ -}}
{{- define "ztunnel.metadata" -}}
{{- $ctx := index . 0 -}}
{{- $annotations := deepCopy ($ctx.Values.annotations | default dict) -}}
{{- with $ctx.Values.revision }}{{ $_ := set $annotations "istio.io/rev" . }}{{ end -}}
name: {{ include "ztunnel.name" $ctx }}
{{- if index . 2 }}
namespace: {{ $ctx.Release.Namespace }}
{{- end }}
labels:
  {{- include "meshctl.labels" (list $ctx (merge (deepCopy ($ctx.Values.labels | default dict)) (index . 1) (dict "app.kubernetes.io/name" "ztunnel"))) | nindent 2 }}
{{- if index . 3 }}
annotations:
  {{- toYaml $annotations | nindent 2 }}
{{- end }}
{{- end -}}
