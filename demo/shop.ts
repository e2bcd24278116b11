/** The demo shop's products, one table: the home page's cards and the product page are written from it. */
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
  { sku: 'sku-3', name: 'Ocean Tee', price: 25, colour: '#4d6cfa' }
]

/** The product the product page shows. */
export const FEATURED = PRODUCTS[0]

function addToCart({ sku, name, price }: Product): string {
  return `<button type="button" data-product="${sku}" data-name="${name}" data-price="${price}">Add to cart</button>`
}

function card(product: Product): string {
  const title = product.page ? `<a href="${product.page}" data-keep-query>${product.name}</a>` : product.name
  return `<article class="product">
    <div class="swatch" style="background: ${product.colour}"></div>
    <h2>${title}</h2>
    <p>€${product.price.toFixed(2)}</p>
    ${addToCart(product)}
  </article>`
}

/** Fills a page's `<!--shop:...-->` marks: the product cards, and the featured product's name, price, colour and button. */
export function fillShop(html: string): string {
  return html
    .replace('<!--shop:cards-->', PRODUCTS.map(card).join('\n  '))
    .replaceAll('<!--shop:name-->', FEATURED.name)
    .replace('<!--shop:price-->', `€${FEATURED.price.toFixed(2)}`)
    .replace('<!--shop:colour-->', FEATURED.colour)
    .replace('<!--shop:add-to-cart-->', addToCart(FEATURED))
}
