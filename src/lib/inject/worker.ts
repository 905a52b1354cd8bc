/**
 * A worker thread of {@link injectStreamParallel}: injects its part of a file with settings parsed from
 * the same configuration texts, and posts the result (or the error, as a message and exit code).
 * @module
 */
import {parentPort, workerData} from 'node:worker_threads'
import {MeshctlError} from '../errors.js'
import {settingsFromRaw} from './raw.js'
import {injectStream} from './stream.js'
import type {WorkerJob, WorkerReply} from './parallel.js'

const job = workerData as WorkerJob
let reply: WorkerReply
try {
  const warnings: string[] = []
  const result = injectStream(settingsFromRaw(job.raw), job.text, job.source, {
    ...job.opts,
    warn: (w) => warnings.push(w),
  })
  reply = {result, warnings}
} catch (e) {
  reply = {
    error: {message: (e as Error).message, exitCode: e instanceof MeshctlError ? e.exitCode : undefined},
  }
}
parentPort!.postMessage(reply)
