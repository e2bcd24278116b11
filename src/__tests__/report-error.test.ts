import { reportError } from '../userlike-error'

describe('reportError', () => {
  it('never throws, even when the console chokes on the value it reports', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile trap')
        }
      }
    )
    const calls: unknown[][] = []
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      calls.push(args)
      if (args.length > 1) String((args[1] as { message: unknown }).message)
    })

    expect(() => reportError('could not record a Live Chat event', hostile)).not.toThrow()
    expect(calls.at(-1)).toEqual(['Userlike: could not record a Live Chat event'])
  })
})
