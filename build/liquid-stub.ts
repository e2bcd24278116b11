/**
 * Stands in for `liquidjs`, which `@segment/actions-core/mapping-kit` imports on load without declaring it.
 * The mapping engine creates one engine at load time and registers tags and filters on it, so those must
 * work; evaluating a `@liquid` directive is what this browser build leaves out (it would add ~40 KB gzipped
 * for a directive our presets never use), and it says so instead of failing obscurely.
 */
export class Liquid {
  registerTag(): void {}

  registerFilter(): void {}

  fullVariablesSync(): never {
    return unsupported()
  }

  parseAndRenderSync(): never {
    return unsupported()
  }
}

function unsupported(): never {
  throw new Error('Userlike: @liquid mapping directives are not available in the browser; use @path, @template or @if.')
}
