/* The JSON API, one request per purpose at a time: a new request aborts the one before it with
   the same key, and an answer that is no longer the latest is never returned. So a slow old
   /api/reachable answer can't overwrite a newer one. */

/** A request that was replaced by a newer one (or cancelled); callers ignore it. */
export class Superseded extends Error {
  constructor(key) {
    super(`${key}: superseded by a newer request`);
    this.name = "Superseded";
  }
}

/** An error answer from the API: {"error": {"parameter", "message"}}. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body && body.error;
    const text = error ? (error.parameter ? `${error.parameter}: ` : "") + error.message : `HTTP ${status}`;
    super(text);
    this.name = "ApiError";
    this.status = status;
  }
}

/** Whether an error only means that a newer request took this one's place. */
export function isSuperseded(err) {
  return err instanceof Superseded || (err != null && err.name === "AbortError");
}

/** The query string, leaving out null and undefined values. */
export function queryString(query) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value != null) q.set(key, String(value));
  }
  const text = q.toString();
  return text ? "?" + text : "";
}

/**
 * An API client where, for each key, the latest request wins.
 *
 * @param {typeof fetch} fetchImpl
 * @param {string} base  Path prefix of the city's API: "" when one city is served at the root,
 *   "/c/<slug>" on a server of many cities; every path (/api/...) is asked under it.
 */
export function createApi(fetchImpl = (...args) => window.fetch(...args), base = "") {
  const latest = new Map(); // key -> AbortController of the request in flight

  function cancel(key) {
    const controller = latest.get(key);
    if (controller) {
      latest.delete(key);
      controller.abort();
    }
  }

  async function get(path, query, key = path) {
    cancel(key);
    const controller = new AbortController();
    latest.set(key, controller);
    try {
      const response = await fetchImpl(base + path + queryString(query), {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      let body = null;
      try {
        body = await response.json();
      } catch (err) {
        if (isSuperseded(err)) throw err;
        body = null;
      }
      if (latest.get(key) !== controller) throw new Superseded(key);
      if (!response.ok || body == null) throw new ApiError(response.status, body);
      return body;
    } catch (err) {
      if (latest.get(key) !== controller) throw new Superseded(key);
      throw err;
    } finally {
      if (latest.get(key) === controller) latest.delete(key);
    }
  }

  /** POST a JSON body; the answer's JSON, or an ApiError with the server's message. */
  async function post(path, data) {
    const response = await fetchImpl(base + path, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || body == null) throw new ApiError(response.status, body);
    return body;
  }

  return { get, post, cancel };
}
