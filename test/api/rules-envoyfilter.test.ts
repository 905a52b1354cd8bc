// EnvoyFilter rules one by one (src/lib/api/rules/envoyfilter.ts), each with every error and warning the object
// gets: selectors, waypoint matches, the checks that stop a patch, match classes, filter and subfilter matches,
// deprecated filter names, unknown value fields and filters named without typed_config. Apart from the
// selector and waypoint rules (CRD rules istioctl does not run), istioctl 1.30.3 gives the same.
import {check, obj} from './problems.js'

/** istioctl's warning on every EnvoyFilter. */
const ALWAYS =
  'W spec: EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.'

describe('api rules: EnvoyFilter, every problem of each object', () => {
  check('selector without labels', obj('EnvoyFilter', {workloadSelector: {}}), [
    ALWAYS,
    'W spec.workloadSelector: Envoy filter: workload selector specified without labels, will be applied to all services in namespace',
  ])
  check(
    'selector and targetRefs',
    obj('EnvoyFilter', {
      workloadSelector: {labels: {a: 'b'}},
      targetRefs: [{kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'g'}],
    }),
    [
      'E spec: only one of workloadSelector, targetRefs may be set (found workloadSelector, targetRefs)',
      ALWAYS,
    ],
  )
  check(
    'waypoint match without WAYPOINT context',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {context: 'SIDECAR_INBOUND', waypoint: {}},
          patch: {operation: 'REMOVE'},
        },
      ],
    }),
    ['E spec.configPatches[0].match: waypoint match requires context WAYPOINT', ALWAYS],
  )
  check(
    'WAYPOINT context without waypoint match',
    obj('EnvoyFilter', {
      configPatches: [{applyTo: 'HTTP_FILTER', match: {context: 'WAYPOINT'}, patch: {operation: 'REMOVE'}}],
    }),
    ['E spec.configPatches[0].match: context WAYPOINT requires a waypoint match', ALWAYS],
  )
  check(
    'WAYPOINT context with waypoint match, no applyTo',
    obj('EnvoyFilter', {
      configPatches: [{match: {context: 'WAYPOINT', waypoint: {}}, patch: {operation: 'REMOVE'}}],
    }),
    [ALWAYS],
  )
  check('missing applyTo', obj('EnvoyFilter', {configPatches: [{patch: {operation: 'REMOVE'}}]}), [
    'E spec.configPatches[0].applyTo: Envoy filter: missing applyTo',
    ALWAYS,
  ])
  check(
    'INVALID applyTo',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'INVALID', patch: {operation: 'REMOVE'}}]}),
    ['E spec.configPatches[0].applyTo: Envoy filter: missing applyTo', ALWAYS],
  )
  check('missing patch', obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER'}]}), [
    'E spec.configPatches[0].patch: Envoy filter: missing patch',
    ALWAYS,
  ])
  check(
    'missing operation',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER', patch: {value: {}}}]}),
    ['E spec.configPatches[0].patch.operation: Envoy filter: missing patch operation', ALWAYS],
  )
  check(
    'INVALID operation',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER', patch: {operation: 'INVALID'}}]}),
    ['E spec.configPatches[0].patch.operation: Envoy filter: missing patch operation', ALWAYS],
  )
  check(
    'MERGE without value',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER', patch: {operation: 'MERGE'}}]}),
    [
      'E spec.configPatches[0].patch.value: Envoy filter: missing patch value for non-remove operation',
      ALWAYS,
    ],
  )
  check(
    'REMOVE without value',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER', patch: {operation: 'REMOVE'}}]}),
    [ALWAYS],
  )
  check(
    'listener patch with a cluster match',
    obj('EnvoyFilter', {
      configPatches: [
        {applyTo: 'NETWORK_FILTER', match: {cluster: {name: 'c'}}, patch: {operation: 'REMOVE'}},
      ],
    }),
    [
      'E spec.configPatches[0].match: Envoy filter: applyTo for listener class objects cannot have non listener match',
      ALWAYS,
    ],
  )
  check(
    'route patch with a listener match',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_ROUTE',
          match: {listener: {name: 'l'}},
          patch: {operation: 'MERGE', value: {nope: 1}},
        },
      ],
    }),
    [
      'E spec.configPatches[0].match: Envoy filter: applyTo for http route class objects cannot have non route configuration match',
      ALWAYS,
      'W spec.configPatches[0].patch.value.nope: Envoy filter: unknown field "nope" in envoy.config.route.v3.Route',
    ],
  )
  check(
    'cluster patch with a route match',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'CLUSTER',
          match: {routeConfiguration: {name: 'r'}},
          patch: {operation: 'MERGE', value: {name: 'c'}},
        },
      ],
    }),
    [
      'E spec.configPatches[0].match: Envoy filter: applyTo for cluster class objects cannot have non cluster match',
      ALWAYS,
    ],
  )
  check(
    'cluster patch with a cluster match',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'CLUSTER',
          match: {cluster: {name: 'c'}},
          patch: {operation: 'MERGE', value: {connect_timeout: '1s'}},
        },
      ],
    }),
    [ALWAYS],
  )
  check(
    'filter match with LISTENER',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'LISTENER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {filterChain: {filter: {name: 'envoy.filters.network.http_connection_manager'}}},
          },
          patch: {operation: 'INSERT_BEFORE', value: {per_connection_buffer_limit_bytes: 1}},
        },
      ],
    }),
    [
      ALWAYS,
      'W spec.configPatches[0].match.listener.filterChain.filter: Envoy filter: filter match has no effect when used with LISTENER',
    ],
  )
  check(
    'filter match with FILTER_CHAIN, no name',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'FILTER_CHAIN',
          match: {context: 'SIDECAR_INBOUND', listener: {filterChain: {filter: {}}}},
          patch: {operation: 'INSERT_BEFORE', value: {name: 'fc'}},
        },
      ],
    }),
    [
      'E spec.configPatches[0].match.listener.filterChain.filter.name: Envoy filter: filter match has no name to match on',
      ALWAYS,
      'W spec.configPatches[0].match.listener.filterChain.filter: Envoy filter: filter match has no effect when used with FILTER_CHAIN',
    ],
  )
  check(
    'filter match without name',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {context: 'SIDECAR_INBOUND', listener: {filterChain: {filter: {}}}},
          patch: {
            operation: 'INSERT_BEFORE',
            value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/google.protobuf.Struct'}},
          },
        },
      ],
    }),
    [
      'E spec.configPatches[0].match.listener.filterChain.filter.name: Envoy filter: filter match has no name to match on',
      ALWAYS,
    ],
  )
  check(
    'subFilter with NETWORK_FILTER',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'NETWORK_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {
              filterChain: {
                filter: {
                  name: 'envoy.filters.network.http_connection_manager',
                  subFilter: {name: 'envoy.filters.http.router'},
                },
              },
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/google.protobuf.Struct'}},
          },
        },
      ],
    }),
    [
      'E spec.configPatches[0].match.listener.filterChain.filter.subFilter: Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only',
      ALWAYS,
    ],
  )
  check(
    'subFilter under another filter',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {
              filterChain: {filter: {name: 'envoy.filters.network.tcp_proxy', subFilter: {name: 'x'}}},
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/google.protobuf.Struct'}},
          },
        },
      ],
    }),
    [
      'E spec.configPatches[0].match.listener.filterChain.filter.subFilter: Envoy filter: subfilter match requires filter match with envoy.filters.network.http_connection_manager',
      ALWAYS,
    ],
  )
  check(
    'subFilter under the old HCM name',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {
              filterChain: {
                filter: {name: 'envoy.http_connection_manager', subFilter: {name: 'envoy.router'}},
              },
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/google.protobuf.Struct'}},
          },
        },
      ],
    }),
    [
      ALWAYS,
      'W spec.configPatches[0].match.listener.filterChain.filter.name: using deprecated filter name "envoy.http_connection_manager"; use "envoy.filters.network.http_connection_manager" instead',
      'W spec.configPatches[0].match.listener.filterChain.filter.subFilter.name: using deprecated filter name "envoy.router"; use "envoy.filters.http.router" instead',
    ],
  )
  check(
    'subFilter without name',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {
              filterChain: {filter: {name: 'envoy.filters.network.http_connection_manager', subFilter: {}}},
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/google.protobuf.Struct'}},
          },
        },
      ],
    }),
    [
      'E spec.configPatches[0].match.listener.filterChain.filter.subFilter.name: Envoy filter: subfilter match has no name to match on',
      ALWAYS,
    ],
  )
  check(
    'subFilter under HCM',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {
              filterChain: {
                filter: {
                  name: 'envoy.filters.network.http_connection_manager',
                  subFilter: {name: 'envoy.filters.http.router'},
                },
              },
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/google.protobuf.Struct'}},
          },
        },
      ],
    }),
    [ALWAYS],
  )
  check(
    'deprecated filter names',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'NETWORK_FILTER',
          match: {context: 'SIDECAR_INBOUND', listener: {filterChain: {filter: {name: 'envoy.tcp_proxy'}}}},
          patch: {operation: 'INSERT_BEFORE', value: {name: 'x', typed_config: {}}},
        },
      ],
    }),
    [
      ALWAYS,
      'W spec.configPatches[0].match.listener.filterChain.filter.name: using deprecated filter name "envoy.tcp_proxy"; use "envoy.filters.network.tcp_proxy" instead',
    ],
  )
  check(
    'unknown field in a cluster value',
    obj('EnvoyFilter', {
      configPatches: [{applyTo: 'CLUSTER', patch: {operation: 'ADD', value: {name: 'c', zzz: 1, aaa: 2}}}],
    }),
    [
      ALWAYS,
      'W spec.configPatches[0].patch.value.aaa: Envoy filter: unknown field "aaa" in envoy.config.cluster.v3.Cluster',
    ],
  )
  check(
    'HTTP filter without typed_config',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {filterChain: {filter: {name: 'envoy.filters.network.http_connection_manager'}}},
          },
          patch: {operation: 'INSERT_BEFORE', value: {name: 'my.filter'}},
        },
      ],
    }),
    [
      ALWAYS,
      'W spec.configPatches[0].patch.value: using deprecated types by name without typed_config; my.filter',
    ],
  )
  check(
    'HTTP filter with config_discovery',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {filterChain: {filter: {name: 'envoy.filters.network.http_connection_manager'}}},
          },
          patch: {operation: 'INSERT_BEFORE', value: {name: 'my.filter', config_discovery: {}}},
        },
      ],
    }),
    [ALWAYS],
  )
  check(
    'HTTP filter value not an object',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'HTTP_FILTER', patch: {operation: 'ADD', value: 'x'}}]}),
    ['E spec.configPatches[0].patch.value: must be object, not string'],
  )
  check(
    'HTTP filter without a name',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {filterChain: {filter: {name: 'envoy.filters.network.http_connection_manager'}}},
          },
          patch: {operation: 'INSERT_BEFORE', value: {}},
        },
      ],
    }),
    [ALWAYS, 'W spec.configPatches[0].patch.value: using deprecated types by name without typed_config; '],
  )
  check(
    'listener with filter chains naming filters',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'LISTENER',
          patch: {
            operation: 'ADD',
            value: {name: 'l', filter_chains: [{filters: [{name: 'a'}]}], listener_filters: [{name: 'b'}]},
          },
        },
      ],
    }),
    [ALWAYS],
  )
  check(
    'network filter without typed_config',
    obj('EnvoyFilter', {
      configPatches: [{applyTo: 'NETWORK_FILTER', patch: {operation: 'ADD', value: {name: 'n'}}}],
    }),
    [ALWAYS, 'W spec.configPatches[0].patch.value: using deprecated types by name without typed_config; n'],
  )
  check(
    'route configuration',
    obj('EnvoyFilter', {
      configPatches: [{applyTo: 'ROUTE_CONFIGURATION', patch: {operation: 'MERGE', value: {name: 'r'}}}],
    }),
    [ALWAYS],
  )
  check(
    'extension config',
    obj('EnvoyFilter', {
      configPatches: [{applyTo: 'EXTENSION_CONFIG', patch: {operation: 'ADD', value: {name: 'e'}}}],
    }),
    [ALWAYS, 'W spec.configPatches[0].patch.value: using deprecated types by name without typed_config; e'],
  )
  check(
    'two patches, each checked',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER'}, {patch: {operation: 'REMOVE'}}]}),
    [
      'E spec.configPatches[0].patch: Envoy filter: missing patch',
      'E spec.configPatches[1].applyTo: Envoy filter: missing applyTo',
      ALWAYS,
    ],
  )
})
