import {expect} from 'chai'
import {splitResourceArg} from '../../../src/lib/proxy-config/pod.js'
import {firstForLogging, labelSelector, type PodStatus} from '../../../src/lib/proxy-config/workload.js'

const pod = (
  name: string,
  o: {node?: string; phase?: string; readyAt?: string; restarts?: number; created?: string} = {},
): PodStatus => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z'},
  spec: {nodeName: o.node ?? 'n1'},
  status: {
    phase: o.phase ?? 'Running',
    conditions: o.readyAt ? [{type: 'Ready', status: 'True', lastTransitionTime: o.readyAt}] : [],
    containerStatuses: [{name: 'c', restartCount: o.restarts ?? 0}],
  },
})

describe('proxy-config workload/NAME: which pod (kubectl podutils.ByLogging, istioctl inferNsInfo)', () => {
  // each row: the pods, and the one kubectl logs (and istioctl) picks
  const rows: [string, PodStatus[], string][] = [
    ['assigned to a node before unassigned', [pod('a', {node: ''}), pod('b')], 'b'],
    [
      'Running before Unknown before Pending',
      [pod('p', {phase: 'Pending'}), pod('u', {phase: 'Unknown'}), pod('r')],
      'r',
    ],
    ['ready before not ready', [pod('x'), pod('y', {readyAt: '2026-01-01T00:01:00Z'})], 'y'],
    [
      'ready longer first',
      [pod('late', {readyAt: '2026-01-01T00:05:00Z'}), pod('early', {readyAt: '2026-01-01T00:01:00Z'})],
      'early',
    ],
    ['more restarts first', [pod('calm'), pod('flappy', {restarts: 3})], 'flappy'],
    ['older first', [pod('new', {created: '2026-01-02T00:00:00Z'}), pod('old')], 'old'],
  ]
  for (const [why, pods, want] of rows)
    it(why, () => {
      expect(firstForLogging(pods).metadata.name).to.equal(want)
      expect(firstForLogging([...pods].reverse()).metadata.name).to.equal(want)
    })

  it('splits TYPE/NAME.NS at the last dot after the slash, as istioctl does', () => {
    expect(splitResourceArg('deployment/productpage-v1.bookinfo', 'default')).to.deep.equal({
      type: 'deployment',
      name: 'productpage-v1',
      namespace: 'bookinfo',
    })
    expect(splitResourceArg('deployment.apps/web', 'ns1')).to.deep.equal({
      type: 'deployment.apps',
      name: 'web',
      namespace: 'ns1',
    })
    expect(splitResourceArg('a.b.c', 'ns1')).to.deep.equal({type: undefined, name: 'a.b', namespace: 'c'})
  })

  it('writes a LabelSelector as a selector string; an empty one selects nothing', () => {
    expect(
      labelSelector({
        matchLabels: {app: 'web'},
        matchExpressions: [
          {key: 'tier', operator: 'In', values: ['a', 'b']},
          {key: 'x', operator: 'NotIn', values: ['y']},
          {key: 'k', operator: 'Exists'},
          {key: 'gone', operator: 'DoesNotExist'},
        ],
      }),
    ).to.equal('app=web,tier in (a,b),x notin (y),k,!gone')
    expect(labelSelector({})).to.have.property('error')
  })
})
