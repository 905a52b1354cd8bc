{{- /* Helpers for the istiod chart. */ -}}

{{- /* istiod.name: istiod, or istiod-<revision>; the Deployment, Service, account and Role share it. */ -}}
{{- define "istiod.name" -}}
istiod{{ with .Values.revision }}-{{ . }}{{ end }}
{{- end -}}

{{- /* istiod.rev: the revision as labels and selectors spell it. */ -}}
{{- define "istiod.rev" -}}
{{ .Values.revision | default "default" }}
{{- end -}}

{{- /*
istiod.labels: labels for objects owned by the Pilot component, plus the object's own.
Call as (list $ (dict ...)). istioctl's prune and uninstall select on the component labels.
*/ -}}
{{- define "istiod.labels" -}}
{{- $ctx := index . 0 -}}
{{- $own := dict
  "istio.io/rev" (include "istiod.rev" $ctx)
  "install.operator.istio.io/owning-resource" ($ctx.Values.ownerName | default "unknown")
  "operator.istio.io/component" "Pilot"
  "release" $ctx.Release.Name
  "app.kubernetes.io/name" "istiod" -}}
{{- include "meshctl.labels" (list $ctx (merge (index . 1) $own)) -}}
{{- end -}}

{{- /* istiod.basicLabels: the smaller set on RBAC objects and accounts, which carry no revision. */ -}}
{{- define "istiod.basicLabels" -}}
{{- include "meshctl.labels" (list . (dict "app" "istiod" "release" .Release.Name "app.kubernetes.io/name" "istiod")) -}}
{{- end -}}

{{- /* istiod.local: "true" when istiod runs in this cluster (not a remote cluster, or a remote one that keeps a local injector). */ -}}
{{- define "istiod.local" -}}
{{- if or (not .Values.istiodRemote.enabled) .Values.istiodRemote.enabledLocalInjectorIstiod }}true{{ end -}}
{{- end -}}

{{- /* istiod.needsRBAC: "true" when istiod (local, or remote reading this config cluster) needs its account and roles here. */ -}}
{{- define "istiod.needsRBAC" -}}
{{- if or (include "istiod.local" .) .Values.global.configCluster }}true{{ end -}}
{{- end -}}
