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

{{- /*
istiod.injectionWebhooks: the injection webhooks of one MutatingWebhookConfiguration, as a YAML list.
Call as (dict "ctx" $ "selects" <revision or tag> "defaultRevision" <bool>).
Each way a pod can ask for `selects` gets a webhook (Kubernetes wants unique names, hence the
prefixes); the default revision also answers the legacy istio-injection / sidecar.istio.io/inject
labels. A namespace label beats a pod label, and istio-injection beats istio.io/rev.
*/ -}}
{{- define "istiod.injectionWebhooks" -}}
{{- $ctx := .ctx -}}
{{- $remote := $ctx.Values.istiodRemote -}}
{{- $notDisabled := dict "key" "sidecar.istio.io/inject" "operator" "NotIn" "values" (list "false") -}}
{{- $selected := dict "key" "istio.io/rev" "operator" "In" "values" (list .selects) -}}
{{- $noRev := dict "key" "istio.io/rev" "operator" "DoesNotExist" -}}
{{- $noLegacy := dict "key" "istio-injection" "operator" "DoesNotExist" -}}
{{- /* prefix, namespaceSelector expressions, objectSelector expressions */ -}}
{{- $hooks := list
  (list "rev.namespace." (list $selected $noLegacy) (list $notDisabled))
  (list "rev.object." (list $noRev $noLegacy) (list $notDisabled $selected)) -}}
{{- if .defaultRevision -}}
{{- $hooks = append $hooks (list "namespace." (list (dict "key" "istio-injection" "operator" "In" "values" (list "enabled"))) (list $notDisabled)) -}}
{{- $hooks = append $hooks (list "object." (list $noLegacy $noRev) (list (dict "key" "sidecar.istio.io/inject" "operator" "In" "values" (list "true")) $noRev)) -}}
{{- if $ctx.Values.sidecarInjectorWebhook.enableNamespacesByDefault -}}
{{- $systemNamespaces := dict "key" "kubernetes.io/metadata.name" "operator" "NotIn" "values" (list "kube-system" "kube-public" "kube-node-lease" "local-path-storage") -}}
{{- $hooks = append $hooks (list "auto." (list $noLegacy $noRev $systemNamespaces) (list (dict "key" "sidecar.istio.io/inject" "operator" "DoesNotExist") $noRev)) -}}
{{- end -}}
{{- end -}}
{{- range $hooks }}
- name: {{ index . 0 }}sidecar-injector.istio.io
  clientConfig:
    {{- with $remote.injectionURL }}
    url: {{ . | quote }}
    {{- else }}
    service:
      name: {{ include "istiod.name" $ctx }}
      namespace: {{ $ctx.Release.Namespace }}
      path: {{ $remote.injectionPath | quote }}
      port: 443
    {{- end }}
    {{- with $remote.injectionCABundle }}
    caBundle: {{ . | quote }}
    {{- end }}
  sideEffects: None
  rules:
    - operations: [CREATE]
      apiGroups: ['']
      apiVersions: [v1]
      resources: [pods]
  failurePolicy: Fail
  reinvocationPolicy: {{ $ctx.Values.sidecarInjectorWebhook.reinvocationPolicy | quote }}
  admissionReviewVersions: [v1]
  namespaceSelector:
    matchExpressions:
      {{- toYaml (index . 1) | nindent 6 }}
  objectSelector:
    matchExpressions:
      {{- toYaml (index . 2) | nindent 6 }}
{{- end -}}
{{- end -}}

{{- /* istiod.serviceSpec: ports and selector of istiod's Service, shared with the revision-tag Services. */ -}}
{{- define "istiod.serviceSpec" -}}
ports:
  - {name: grpc-xds, port: 15010, protocol: TCP}        # plaintext XDS
  - {name: https-dns, port: 15012, protocol: TCP}       # XDS and CA over mTLS
  - {name: https-webhook, port: 443, targetPort: 15017, protocol: TCP}  # injection and validation webhooks
  - {name: http-monitoring, port: 15014, protocol: TCP} # Prometheus metrics
selector:
  app: istiod
  {{- if .Values.revision }}
  istio.io/rev: {{ .Values.revision | quote }}
  {{- else }}
  istio: pilot
  {{- end }}
{{- with .Values.ipFamilyPolicy }}
ipFamilyPolicy: {{ . }}
{{- end }}
{{- with .Values.ipFamilies }}
ipFamilies:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- /* istiod.isSet: "true" when the dotted path has a value that prints as something (false and 0 count). Call as (list .Values "a.b.c"). */ -}}
{{- define "istiod.isSet" -}}
{{- $cur := index . 0 -}}
{{- $found := true -}}
{{- range $key := splitList "." (index . 1) -}}
{{- if and $found (kindIs "map" $cur) (hasKey $cur $key) -}}
{{- $cur = index $cur $key -}}
{{- else -}}
{{- $found = false -}}
{{- end -}}
{{- end -}}
{{- if and $found (not (kindIs "invalid" $cur)) (ne (toString $cur) "") }}true{{ end -}}
{{- end -}}
