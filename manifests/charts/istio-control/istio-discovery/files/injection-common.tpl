{{- /*
Definitions shared by meshctl's injection templates; the ConfigMap puts this text in front of
each template that uses them (istiod parses every template on its own).
*/ -}}
{{- /*
proxy-resources: the proxy's `resources:` block, at container-field indentation. Any of the
sidecar.istio.io/proxyCPU|proxyMemory|proxyCPULimit|proxyMemoryLimit annotations replaces
global.proxy.resources as a whole.
*/ -}}
{{- define "proxy-resources" }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $resources := omitNil .Values.global.proxy.resources }}
{{- if or (isset $ann `sidecar.istio.io/proxyCPU`) (isset $ann `sidecar.istio.io/proxyMemory`) (isset $ann `sidecar.istio.io/proxyCPULimit`) (isset $ann `sidecar.istio.io/proxyMemoryLimit`) }}
{{- $resources = dict }}
{{- range $kind, $keys := dict "requests" (list `sidecar.istio.io/proxyCPU` `sidecar.istio.io/proxyMemory`) "limits" (list `sidecar.istio.io/proxyCPULimit` `sidecar.istio.io/proxyMemoryLimit`) }}
{{- $set := dict }}
{{- if isset $ann (index $keys 0) }}{{ $_ := set $set "cpu" (index $ann (index $keys 0)) }}{{ end }}
{{- if isset $ann (index $keys 1) }}{{ $_ := set $set "memory" (index $ann (index $keys 1)) }}{{ end }}
{{- if $set }}{{ $_ := set $resources $kind $set }}{{ end }}
{{- end }}
{{- end }}
    resources:
      {{- toYaml $resources | nindent 6 }}
{{- end }}
{{- /* pod-ports-json: ISTIO_META_POD_PORTS, the app's container ports as a JSON list, one per line. */ -}}
{{- define "pod-ports-json" }}
{{- $ports := list }}
{{- range .Spec.Containers }}{{ range .Ports }}{{ with structToJSON . }}{{ $ports = append $ports . }}{{ end }}{{ end }}{{ end }}
{{- if $ports }}{{ printf "[\n    %s\n]" (join "\n    ," $ports) | quote }}{{ else }}{{ "[\n]" | quote }}{{ end }}
{{- end }}
