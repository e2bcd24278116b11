/**
 * The shop's cart: kept for the visit in sessionStorage, so that its total carries across pages (the example
 * mapping "a cart over €200" reads it from each Product Added as `cart_total`), shown in the header's cart link and
 * on the checkout page.
 */
import { byId, element } from './dom'
import { euros } from '../shop'

export interface CartLine {
  sku: string
  name: string
  price: number
}

const CART_KEY = 'userlike-demo:cart'
/** Where storage throws, the cart lives as long as the page. */
let inMemory: CartLine[] = []

function isLine(value: unknown): value is CartLine {
  const line = value as Partial<CartLine> | null
  return typeof line?.sku === 'string' && typeof line.name === 'string' && typeof line.price === 'number'
}

export function readCart(): CartLine[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(CART_KEY) ?? '[]')
    return Array.isArray(stored) ? stored.filter(isLine) : []
  } catch {
    return inMemory
  }
}

function writeCart(lines: CartLine[]): void {
  inMemory = lines
  try {
    sessionStorage.setItem(CART_KEY, JSON.stringify(lines))
  } catch {
    // Kept in memory only.
  }
  showCartLink()
}

/** In euros, to the cent. */
export function cartTotal(lines: CartLine[] = readCart()): number {
  return Math.round(lines.reduce((sum, line) => sum + line.price, 0) * 100) / 100
}

/** Adds a product; returns the cart's new total. */
export function addToCart(line: CartLine): number {
  const lines = [...readCart(), line]
  writeCart(lines)
  return cartTotal(lines)
}

export function emptyCart(): void {
  writeCart([])
}

/** The header's cart link: how many items, and the total. */
export function showCartLink(): void {
  const lines = readCart()
  byId('cart-link').textContent = `Cart (${lines.length}) · ${euros(cartTotal(lines))}`
}

/** The checkout page's list of what is in the cart; `placeOrder` runs on its button. */
export function showCheckout(placeOrder: (lines: CartLine[], total: number) => void): void {
  const list = document.getElementById('checkout-lines')
  if (!list) return
  const render = (): void => {
    const lines = readCart()
    list.replaceChildren(
      ...lines.map((line) => element('li', {}, element('span', {}, line.name), element('span', {}, euros(line.price))))
    )
    if (lines.length === 0) list.append(element('li', { class: 'empty' }, 'Your cart is empty.'))
    byId('checkout-total').textContent = euros(cartTotal(lines))
    byId<HTMLButtonElement>('place-order').disabled = lines.length === 0
  }
  byId('place-order').addEventListener('click', () => {
    const lines = readCart()
    placeOrder(lines, cartTotal(lines))
    emptyCart()
    render()
    byId('checkout-done').textContent = 'Thank you! Your order is on its way (in a demo sort of way).'
  })
  render()
}
