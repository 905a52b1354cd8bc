// Loaded by mocha before every test file: deterministic, colourless, never the user's cluster.
process.env.NO_COLOR = '1'
process.env.COLUMNS = '120'
process.env.TZ = 'UTC'
// A kubeconfig that does not exist, so no test can reach a real cluster by accident.
process.env.KUBECONFIG = '/nonexistent/meshctl-test-kubeconfig'
delete process.env.HTTPS_PROXY
delete process.env.HTTP_PROXY
