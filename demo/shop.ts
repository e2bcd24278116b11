/**
 * The demo shop's facts, one table each: its products (the home page's cards and the product page are written from
 * them) and the mappings its Segment source starts with (the settings panel lists them beside the preset).
 */
import { CHECKOUT_PAGE } from './contract'

export interface Product {
  sku: string
  name: string
  /** In euros. */
  price: number
  colour: string
  /** The product's own page, for the products that have one. */
  page?: string
}

export const PRODUCTS: Product[] = [
  { sku: 'sku-1', name: 'Sunset Hoodie', price: 59, colour: '#ff7a59', page: '/product' },
  { sku: 'sku-2', name: 'Forest Beanie', price: 19, colour: '#3bb273' },
  { sku: 'sku-3', name: 'Ocean Tee', price: 25, colour: '#4d6cfa' },
  // Two of these and a cart passes CART_THRESHOLD: the example mapping that opens the messenger is a few clicks away.
  { sku: 'sku-4', name: 'Storm Jacket', price: 149, colour: '#37474f' }
]

/** The product the product page shows. */
export const FEATURED = PRODUCTS[0]

/** In euros: a cart worth more than this opens the messenger (the example mapping below). */
export const CART_THRESHOLD = 200

/** A mapping as Segment's app saves it for a source: a subscription without its on/off state. */
export interface Mapping {
  name: string
  /** The trigger, in FQL. */
  subscribe: string
  /** The action's key in the definition. */
  partnerAction: string
  mapping: Record<string, unknown>
}

/**
 * What the shop's workspace owner set up beside the preset (Identify Visitor): each of the round's actions, on the
 * events the shop sends. A page without a name (every page but the checkout) matches `name != "Checkout"`: FQL
 * compares a missing name as different.
 */
export const EXAMPLE_MAPPINGS: Mapping[] = [
  {
    name: 'Open Messenger on Need help?',
    subscribe: 'type = "track" and event = "Help Clicked"',
    partnerAction: 'openMessenger',
    // The visitor asked: opened every time.
    mapping: { oncePerSession: false }
  },
  {
    name: `Open Messenger on a cart over €${CART_THRESHOLD}`,
    subscribe: `type = "track" and event = "Product Added" and properties.cart_total > ${CART_THRESHOLD}`,
    partnerAction: 'openMessenger',
    // An offer of help, not forced on a visitor who closed it.
    mapping: { oncePerSession: true }
  },
  {
    name: 'Cart as custom data',
    subscribe: 'type = "track" and event = "Product Added"',
    partnerAction: 'updateCustomData',
    mapping: {
      customData: { cart_total: { '@path': '$.properties.cart_total' }, last_product: { '@path': '$.properties.name' } }
    }
  },
  {
    name: 'Hide Chat Button at checkout',
    subscribe: `type = "page" and name = "${CHECKOUT_PAGE.name}"`,
    partnerAction: 'setChatButtonVisibility',
    mapping: { visible: false }
  },
  {
    name: 'Show Chat Button on other pages',
    subscribe: `type = "page" and name != "${CHECKOUT_PAGE.name}"`,
    partnerAction: 'setChatButtonVisibility',
    mapping: { visible: true }
  }
]

/** A price as the shop shows it. */
export function euros(amount: number): string {
  return `€${amount.toFixed(2)}`
}

function addToCart({ sku, name, price }: Product): string {
  return `<button type="button" data-product="${sku}" data-name="${name}" data-price="${price}">Add to cart</button>`
}

function card(product: Product): string {
  const title = product.page ? `<a href="${product.page}" data-keep-query>${product.name}</a>` : product.name
  return `<article class="product">
    <div class="swatch" style="background: ${product.colour}"></div>
    <h2>${title}</h2>
    <p>${euros(product.price)}</p>
    ${addToCart(product)}
  </article>`
}

/** Fills a page's `<!--shop:...-->` marks: the product cards, and the featured product's name, price, colour and button. */
export function fillShop(html: string): string {
  return html
    .replace('<!--shop:cards-->', PRODUCTS.map(card).join('\n  '))
    .replaceAll('<!--shop:name-->', FEATURED.name)
    .replace('<!--shop:price-->', euros(FEATURED.price))
    .replace('<!--shop:colour-->', FEATURED.colour)
    .replace('<!--shop:add-to-cart-->', addToCart(FEATURED))
    .replaceAll('<!--shop:cart-threshold-->', euros(CART_THRESHOLD))
}
