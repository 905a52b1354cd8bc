/**
 * Every UI `meshctl dashboard` opens, as data: istioctl 1.30.3 has one near-identical command per row
 * (istioctl/pkg/dashboard/dashboard.go); meshctl has this table and one code path.
 * @module
 */

/**
 * How the pod is found:
 * - `addon`: by the row's selector, in the Istio namespace, then -n (istioctl's inferPodMeta);
 * - `proxy`: a `[type/]name[.ns]` argument or -l, in -n (default: the context's namespace);
 * - `istiod`: an argument, -l or -r, with `app=istiod` added, in the Istio namespace.
 */
export type Lookup = 'addon' | 'proxy' | 'istiod'

export interface Addon {
  name: string
  /** Other names for the same row (`envoy` is istioctl's deprecated name of `proxy`). */
  aliases?: string[]
  /** How messages name it: `Kiali`. */
  title: string
  summary: string
  lookup: Lookup
  /** Pod label selector of `addon` rows. */
  selector?: string
  /** The pod port the UI listens on (--ui-port overrides it). */
  port: number
  /** Read the port from this pod annotation when it is there (istiod's monitoring port). */
  portAnnotation?: string
  /** Path appended to the URL that is printed and opened. */
  path: string
  /** Where istioctl-compatible users get it when meshctl cannot install it. */
  manualInstall?: string
}

export const DASHBOARDS: readonly Addon[] = [
  {
    name: 'kiali',
    title: 'Kiali',
    summary: "Open Istio's Kiali dashboard",
    lookup: 'addon',
    selector: 'app=kiali',
    port: 20001,
    path: '/kiali',
  },
  {
    name: 'prometheus',
    title: 'Prometheus',
    summary: "Open Istio's Prometheus dashboard",
    lookup: 'addon',
    selector: 'app.kubernetes.io/name=prometheus',
    port: 9090,
    path: '',
  },
  {
    name: 'grafana',
    title: 'Grafana',
    summary: "Open Istio's Grafana dashboard",
    lookup: 'addon',
    selector: 'app.kubernetes.io/name=grafana',
    port: 3000,
    path: '',
  },
  {
    name: 'jaeger',
    title: 'Jaeger',
    summary: "Open Istio's Jaeger dashboard",
    lookup: 'addon',
    selector: 'app=jaeger',
    port: 16686,
    path: '',
  },
  {
    name: 'zipkin',
    title: 'Zipkin',
    summary: "Open Istio's Zipkin dashboard",
    lookup: 'addon',
    selector: 'app=zipkin',
    port: 9411,
    path: '',
    manualInstall: 'samples/addons/extras/zipkin.yaml',
  },
  {
    name: 'skywalking',
    title: 'SkyWalking',
    summary: 'Open the Istio dashboard in the SkyWalking UI',
    lookup: 'addon',
    selector: 'app=skywalking-ui',
    port: 8080,
    path: '',
    manualInstall: 'samples/addons/extras/skywalking.yaml',
  },
  {
    name: 'proxy',
    aliases: ['envoy'],
    title: 'Envoy admin',
    summary: 'Open the admin dashboard of a proxy (sidecar, gateway, waypoint or ztunnel pod)',
    lookup: 'proxy',
    port: 15000,
    path: '',
  },
  {
    name: 'controlz',
    title: 'ControlZ',
    summary: 'Open the ControlZ web UI of an istiod pod',
    lookup: 'istiod',
    port: 9876,
    path: '',
  },
  {
    name: 'istiod-debug',
    title: 'Istio debug',
    summary: 'Open the debug web UI of an istiod pod',
    lookup: 'istiod',
    port: 15014,
    portAnnotation: 'prometheus.io/port',
    path: '/debug',
  },
]

/** The row for a name or alias, if any. */
export function findDashboard(name: string): Addon | undefined {
  return DASHBOARDS.find((a) => a.name === name || a.aliases?.includes(name))
}

/** Every name and alias, for suggestions and help. */
export function dashboardNames(): string[] {
  return DASHBOARDS.flatMap((a) => [a.name, ...(a.aliases ?? [])])
}
