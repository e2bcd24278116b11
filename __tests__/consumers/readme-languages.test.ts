/**
 * The README names the languages the placeholder chat button speaks: exactly those of the names table, so that a
 * language added to the code (or one taken out) is added to the README too.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { CHAT_BUTTON_NAMES } from '../../src/widget/chat-button'

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ')

describe("the README's languages of the placeholder", () => {
  it('are exactly the languages of CHAT_BUTTON_NAMES', () => {
    const list = /follows the page's language \(`<html lang>`[^)]*\): ((?:`[a-z]+`(?:, | and ))*`[a-z]+`) have/.exec(
      readme
    )
    expect(list).not.toBeNull()
    const listed = Array.from(list![1].matchAll(/`([a-z]+)`/g), (match) => match[1])
    expect(listed.sort()).toEqual(Object.keys(CHAT_BUTTON_NAMES).sort())
  })
})
