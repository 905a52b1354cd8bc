import {expect} from 'chai'
import {
  formatVersionText,
  parseIstiodVersion,
  skewWarning,
  type VersionReport,
} from '../../src/lib/version/info.js'

const client = {
  version: '1.30.3',
  tag: '1.30.3',
  status: 'Clean',
  meshctlVersion: '0.1.0',
  nodeVersion: 'v20',
  platform: 'linux/x64',
}

describe('version: istiod answers, text and skew', () => {
  it('reads /version text as istioctl does (dashes in the version, -dirty revisions)', () => {
    expect(parseIstiodVersion('1.30.3-016bc46f-Clean\n')).to.deep.equal({
      version: '1.30.3',
      revision: '016bc46f',
      golang_version: '',
      status: 'Clean',
      tag: '1.30.3',
    })
    expect(parseIstiodVersion('1.30.3-custom-build-016bc46f-Modified')).to.include({
      version: '1.30.3-custom-build',
      revision: '016bc46f',
    })
    expect(parseIstiodVersion('1.12.0-016bc46f-dirty-Modified')).to.include({
      version: '1.12.0',
      revision: '016bc46f-dirty',
    })
    expect(parseIstiodVersion('1.30.3')).to.deep.equal({version: '1.30.3'})
    expect(
      parseIstiodVersion('{"clientVersion":{"version":"1.30.3","revision":"x","status":"Clean"}}'),
    ).to.include({
      version: '1.30.3',
    })
  })

  it('one control plane line when all istiods agree, one per istiod otherwise; data plane sorted', () => {
    const report: VersionReport = {
      clientVersion: client,
      meshVersion: [
        {Component: 'pilot', Revision: 'default', Info: {version: '1.30.3'}},
        {Component: 'pilot', Revision: 'canary', Info: {version: '1.29.0'}},
      ],
      dataPlaneVersion: [
        {ID: 'a', IstioVersion: '1.30.3'},
        {ID: 'b', IstioVersion: '1.29.0'},
        {ID: 'c', IstioVersion: '1.30.3'},
      ],
    }
    expect(formatVersionText(report).split('\n').slice(1)).to.deep.equal([
      'pilot version: 1.30.3',
      'pilot version: 1.29.0',
      'data plane version: 1.29.0 (1 proxies), 1.30.3 (2 proxies)',
      '',
    ])
    report.meshVersion = [report.meshVersion![0]!, report.meshVersion![0]!]
    expect(formatVersionText(report).split('\n')[1]).to.equal('control plane version: 1.30.3')
    expect(formatVersionText({clientVersion: client, dataPlaneVersion: []}).split('\n')[1]).to.equal(
      'data plane version: none',
    )
  })

  it('warns when the control plane is more than one minor version away', () => {
    expect(skewWarning('1.30.3', ['1.30.3', '1.29.1', '1.31.0'])).to.equal(undefined)
    expect(skewWarning('1.30.3', ['1.28.2', '1.28.2', '1.30.3'])).to.equal(
      "warning: control plane version 1.28.2 is more than one minor version away from meshctl's Istio 1.30.3; use a matching meshctl",
    )
    expect(skewWarning('1.30.3', ['2.0.0'])).to.match(/^warning: control plane version 2\.0\.0 /)
    expect(skewWarning('1.30.3', ['MISSING CP ID'])).to.equal(undefined)
  })
})
