{{- /*
Helpers for the gateway charts. istio-ingress and istio-egress render the same templates (canonical
copies in manifests/chart-shared/gateway/); they differ only in values.yaml. `meshctlGateway` in
values.yaml names the gateway: valuesKey is its entry under .Values.gateways (what istioctl sets per
gateway: name, labels, ports, ...) and component its istioctl component.
*/ -}}


{{- /*
gateway.labels: labels for a gateway object. Call as (list $ (dict ...extra)); the gateway's own
selector labels come first, the component labels istioctl prunes by, then `extra`.
*/ -}}
{{- define "gateway.labels" -}}
{{- $ctx := index . 0 -}}
{{- $gw := index $ctx.Values.gateways $ctx.Values.meshctlGateway.valuesKey -}}
{{- $own := merge (deepCopy (index . 1)) (dict
  "release" $ctx.Release.Name
  "istio.io/rev" ($ctx.Values.revision | default "default")
  "install.operator.istio.io/owning-resource" ($ctx.Values.ownerName | default "unknown")
  "operator.istio.io/component" $ctx.Values.meshctlGateway.component
  "app.kubernetes.io/name" $ctx.Values.meshctlGateway.valuesKey) -}}
{{- include "meshctl.labels" (list $ctx $own) -}}
{{- end -}}

{{- /*
gateway.affinity: node affinity from global.arch (weights per architecture) and the node
selector, plus pod anti-affinity from the gateway's label selectors. Empty when none apply.
*/ -}}
{{- define "gateway.affinity" -}}
{{- $global := index . 0 -}}
{{- $gw := index . 1 -}}
{{- $affinity := dict -}}
{{- $nodeSelector := $gw.nodeSelector | default $global.defaultNodeSelector | default dict -}}
{{- $arch := $global.arch | default dict -}}
{{- $required := list -}}
{{- $preferred := list -}}
{{- $archs := list -}}
{{- range $name, $weight := $arch -}}
{{- if gt (int $weight) 0 -}}
{{- $archs = append $archs $name -}}
{{- $preferred = append $preferred (dict "weight" (int $weight) "preference" (dict "matchExpressions" (list (dict "key" "kubernetes.io/arch" "operator" "In" "values" (list $name))))) -}}
{{- end -}}
{{- end -}}
{{- if $archs }}{{ $required = append $required (dict "key" "kubernetes.io/arch" "operator" "In" "values" $archs) }}{{ end -}}
{{- range $key, $val := $nodeSelector -}}
{{- $required = append $required (dict "key" $key "operator" "In" "values" (list (toString $val))) -}}
{{- end -}}
{{- $node := dict -}}
{{- if $required }}{{ $_ := set $node "requiredDuringSchedulingIgnoredDuringExecution" (dict "nodeSelectorTerms" (list (dict "matchExpressions" $required))) }}{{ end -}}
{{- if $preferred }}{{ $_ := set $node "preferredDuringSchedulingIgnoredDuringExecution" $preferred }}{{ end -}}
{{- if $node }}{{ $_ := set $affinity "nodeAffinity" $node }}{{ end -}}
{{- /* Anti-affinity selectors are written as {key, operator, values: "a,b", topologyKey, namespaces: "x,y"}. */ -}}
{{- $antiRequired := list -}}
{{- range $gw.podAntiAffinityLabelSelector -}}
{{- $expr := dict "key" .key "operator" .operator -}}
{{- with .values }}{{ $_ := set $expr "values" (splitList "," .) }}{{ end -}}
{{- $term := dict "labelSelector" (dict "matchExpressions" (list $expr)) "topologyKey" .topologyKey -}}
{{- with .namespaces }}{{ $_ := set $term "namespaces" (splitList "," .) }}{{ end -}}
{{- $antiRequired = append $antiRequired $term -}}
{{- end -}}
{{- $antiPreferred := list -}}
{{- range $gw.podAntiAffinityTermLabelSelector -}}
{{- $expr := dict "key" .key "operator" .operator -}}
{{- with .values }}{{ $_ := set $expr "values" (splitList "," .) }}{{ end -}}
{{- $antiPreferred = append $antiPreferred (dict "weight" 100 "podAffinityTerm" (dict "labelSelector" (dict "matchExpressions" (list $expr)) "topologyKey" .topologyKey)) -}}
{{- end -}}
{{- $anti := dict -}}
{{- if $antiRequired }}{{ $_ := set $anti "requiredDuringSchedulingIgnoredDuringExecution" $antiRequired }}{{ end -}}
{{- if $antiPreferred }}{{ $_ := set $anti "preferredDuringSchedulingIgnoredDuringExecution" $antiPreferred }}{{ end -}}
{{- if $anti }}{{ $_ := set $affinity "podAntiAffinity" $anti }}{{ end -}}
{{- if $affinity }}{{ toYaml $affinity }}{{ end -}}
{{- end -}}
