/**
 * `meshctl dashboard` as a library. For scripts such as the demo: `probeDashboard(kube, 'kiali')` forwards to
 * the Kiali pod, GETs the page once and stops; `runDashboards` serves until its signal aborts.
 * @module
 */
export {DASHBOARDS, findDashboard, type Addon} from './addons.js'
export {listAddons, probeDashboard, type AddonStatus, type ProbeResult} from './list.js'
export {parseDashboardArgs, planDashboards, type DashboardPlan, type LookupFlags} from './request.js'
export {checkAddress, installHint, runDashboards, startDashboards, type RunOptions} from './run.js'
export {DashboardSession, type SessionOptions} from './session.js'
