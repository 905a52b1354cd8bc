/** Opening a URL in the user's browser, with the `open` package; fails when there is no browser to open. */

/** Opens a URL; rejects with a short reason when no browser can be opened. */
export type Opener = (url: string) => Promise<void>

/** How long a launcher (xdg-open, open) gets to fail before it counts as having opened the browser. */
const LAUNCH_GRACE_MS = 3000

/** The default opener: `open` (xdg-open, open, PowerShell), and its exit code when it fails fast. */
export const openBrowser: Opener = async (url) => {
  const env = process.env
  // xdg-open without a display falls back to terminal browsers (lynx, w3m), which would fight us for the tty.
  if (
    process.platform === 'linux' &&
    !env.DISPLAY &&
    !env.WAYLAND_DISPLAY &&
    !env.BROWSER &&
    !env.WSL_DISTRO_NAME
  )
    throw new Error('no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)')
  const {default: open} = await import('open')
  const child = await open(url)
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(0), LAUNCH_GRACE_MS)
    timer.unref()
    child.once('exit', (c) => {
      clearTimeout(timer)
      resolve(c)
    })
  })
  if (code !== 0) throw new Error(`the browser launcher exited with code ${code}`)
}
