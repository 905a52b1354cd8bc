{{- /* cni.labels: labels of the Cni component's objects plus the object's own; call as (list $ (dict ...)). */ -}}
{{- define "cni.labels" -}}
{{- $ctx := index . 0 -}}
{{- $own := merge (deepCopy (index . 1)) (dict
  "release" $ctx.Release.Name
  "istio.io/rev" ($ctx.Values.revision | default "default")
  "install.operator.istio.io/owning-resource" ($ctx.Values.ownerName | default "unknown")
  "operator.istio.io/component" "Cni"
  "app.kubernetes.io/name" "istio-cni") -}}
{{- include "meshctl.labels" (list $ctx $own) -}}
{{- end -}}
