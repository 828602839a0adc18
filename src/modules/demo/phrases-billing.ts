/** Phrase banks: billing, refunds. */
import type { PhraseBank } from './types.js';

export const billingPhrases: PhraseBank = {
  intents: [
    [
      '[Question about|Query on|Help with|Clarification on] invoice {invoice}',
      'Our {month} invoice ({invoice}) came to {amount}, which is [a lot more than|higher than|not what] we expected[| for the {plan} plan].',
    ],
    [
      '[Why was I charged|Why were we charged|What is this charge of] {amount}?',
      "I [was charged|got charged|see a charge of] {amount} on the card ending in {last4} and I can't [figure out|work out|tell] what it's for.",
    ],
    [
      '[Billed|Charged|Paying] for {seats} seats, [only|we only|but only] use {seatsLow}',
      "We're billed for {seats} seats but only {seatsLow} people actually [use|log into] the workspace.",
    ],
    [
      'Payment failed for {plan} [plan renewal|renewal|subscription][| – account past due]',
      "The payment for our {plan} renewal failed[ and now there's a red banner in the app| and the app says our account is past due| even though the card is valid].",
    ],
    [
      "[Can't|Unable to|Cannot] update [payment method|credit card|card details|our card][| in Billing settings]",
      'I [need|want|have] to update the card on file but the [Save|Update] button in Billing settings [does nothing|just spins|is greyed out].',
    ],
    [
      'VAT [number|ID] missing from [invoice {invoice}|our invoices|the {month} invoice]',
      "Our invoices [don't show|are missing] our VAT number, so finance can't [process|book|reconcile] them.",
    ],
    [
      '[Update|Change|Wrong] billing address on [invoices|{invoice}|our invoices]',
      '[Can you|Could you|Is it possible to] change the billing address on [our invoices|invoice {invoice}] to our new office?',
    ],
    [
      '[Proration|Prorated charge] on [mid-cycle|our|the] upgrade[ to {plan}|]?',
      "We upgraded to {plan} mid-month and the prorated amount on {invoice} [doesn't add up|looks wrong|makes no sense to me].",
    ],
    [
      '[Need|Requesting|Please send] a copy of the {month} invoice[| for {company}]',
      "I [can't find|don't see] a [downloadable|PDF] invoice for {month} anywhere in the admin panel.",
    ],
    [
      'PO number [on invoices|needed on invoices|missing from invoices] ({poNumber})',
      'Our finance team needs a purchase order number ({poNumber}) printed on every invoice from now on.',
    ],
    [
      '[How do I|Can we|How can we] switch to annual billing[?| on {plan}?]',
      "We'd like to [switch|move] from monthly to annual billing[ to get the discount| before our next renewal].",
    ],
    [
      'Card [declined|rejected] [when upgrading|while upgrading] to {plan}',
      "The card was declined when I tried to upgrade to {plan}, but the bank says [there's no block|they never saw the attempt].",
    ],
    [
      '[Price|Pricing] [increase|change] on our {month} invoice?',
      "The price on our {month} invoice went up [from {amountLow} to {amount}|without any notice] and I'd like to understand why.",
    ],
    [
      '[Pay|Paying|Can we pay] by [bank transfer|wire|ACH] instead of card?',
      "Can we pay by bank transfer or ACH instead of credit card? Our policy [doesn't allow|prohibits] company cards for software.",
    ],
    [
      'Billing contact change[ for {company}| – please use {colleagueEmail}]',
      'The billing contact for {company} [has changed|left the company]; invoices should go to {colleagueEmail} from now on.',
    ],
    [
      'Receipt for order {orderId} [has wrong company name|is incorrect|shows old address]',
      'Our receipt for order {orderId} [has the wrong company name on it|still shows our old address].',
    ],
    [
      '[Tax|Sales tax|VAT] calculated wrong on {invoice}',
      'The [sales tax|tax] on {invoice} [seems to be|is] calculated for the wrong [state|country].',
    ],
    [
      "[Quote vs checkout price|Price doesn't match our quote]",
      'Sales quoted us {amount} per year, but the checkout page shows a different price.',
    ],
    [
      'How are [new seats|added users] billed[ on {plan}|]?',
      'How is the {plan} plan billed when we add people in the middle of the month?',
    ],
  ],
  contexts: [
    "We're on the {plan} plan with {seats} seats, billed [monthly|annually].",
    'Our account is under {company} and the billing owner is {colleague}.',
    'The invoice in question is {invoice}, dated {date}.',
    "I'm [from|on] the finance team at {company}.",
    'We renewed on {date}.',
    'Payment is by the card ending in {last4}.',
  ],
  details: [
    'Our accounting system rejects invoices without [a PO number|the VAT ID].',
    "I've attached a screenshot of the charge from our bank statement.",
    'Our books close at the end of the month so this is [a bit|fairly|quite] time-sensitive.',
    'Nobody on our side changed the plan[ as far as I know| recently].',
    'The billing page shows {seats} seats but the Members list only has {seatsLow}.',
  ],
  asks: [
    'Can you look into our billing?',
    'Please let me know if you need anything from our finance team.',
    'Could you sort this out before our next invoice?',
    'What do I need to do on my side?',
  ],
};

export const refundsPhrases: PhraseBank = {
  intents: [
    [
      '[Double|Duplicate] charge [this month|in {month}|on {date}][ – please refund|, need refund|]',
      'We were charged twice for [the same|our] {month} invoice: {amount} [went out twice|hit our card two times] on {date}. Please refund the duplicate.',
    ],
    [
      'Refund for [accidental|unintended|mistaken] upgrade to {plan}',
      "[Someone on my team|I] accidentally upgraded us to {plan} and we'd like a refund for the difference.",
    ],
    [
      'Please refund [the annual renewal|our renewal charge|the {amount} renewal]',
      'Our annual plan auto-renewed on {date} for {amount} but we had [decided|planned] not to continue. [Can we get|Is a refund possible for] that charge?',
    ],
    [
      'Refund for [seats we removed|removed seats|{seatsDiff} removed seats]',
      "We removed {seatsDiff} seats on {date} but were still billed for them. I'd like those seats refunded.",
    ],
    [
      '[Where is my refund?|Refund not received yet|Refund still not received][| ({amount})| – {invoice}]',
      "You confirmed a refund of {amount} [two weeks ago|on {date}] and it still hasn't [shown up|arrived] on our card.",
    ],
    [
      '[Trial converted to paid|Charged after trial][ – want refund| without warning|]',
      'Our free trial converted to a paid plan without [warning|a reminder] and I want my money back.',
    ],
    [
      '[Charged after cancelling|Still charged after cancellation][ – need money back|, please refund|]',
      "I cancelled before the renewal date but was still charged {amount}. [Please reverse it.|I'd like that refunded.]",
    ],
    [
      "[Compensation|Credit|Refund] for [the outage|downtime|last week's outage]?",
      'Could we get a partial refund for the [three|two|four] days the app was down last week?',
    ],
    [
      'Refund to a different card[ please| – old card closed|]',
      'The card that was charged ({last4}) has been closed. Can the refund go to our new card[ instead| or by bank transfer]?',
    ],
    [
      'Paid {invoice} twice[ – refund one please|]',
      'We paid {invoice} twice, once by card and once by bank transfer. Please refund one of them.',
    ],
    [
      'Refund [request|requested] for unused months[| on annual plan]',
      "[I'd like to|We want to|Please can we] request a refund for the unused months on our annual subscription.",
    ],
    [
      'Charged for {plan} after downgrading[| to Free]',
      'I was charged for {plan} even though [we|I] downgraded to Free [last month|on {date}].',
    ],
    [
      '[Chargeback or refund|Refund before chargeback]? {invoice}',
      "Our bank says they'll open a chargeback if we can't sort this out, but I'd rather get a [normal|proper] refund from you.",
    ],
    [
      'Refund status for [order {orderId}|{invoice}]',
      "The refund for order {orderId} shows as 'processed' [in your email|on the receipt] but the money [isn't back yet|never arrived].",
    ],
    [
      '[Reverse|Undo] purchase of {seatsDiff} extra seats',
      'We bought {seatsDiff} extra seats by mistake [this morning|today]. Can you reverse that purchase?',
    ],
    [
      '[Wrong plan purchased|Bought the wrong plan][ – refund?|]',
      '[I|We] signed up for the wrong plan and [only noticed|noticed] after paying {amount}. Refund please?',
    ],
  ],
  contexts: [
    'Our account is under {company}, {plan} plan.',
    'The original charge was {amount} on {date}.',
    'Invoice number is {invoice}.',
    'The charge appears on the card ending {last4}.',
    'This was processed as order {orderId}.',
  ],
  details: [
    'Our bank statement shows both transactions clearly.',
    'Nobody used the extra seats at all.',
    "Your refund policy page says 14 days, and we're still within that.",
    'Finance needs the refund before month-end close.',
    'The email said it would take 5–10 business days, and it has been longer than that.',
  ],
  asks: [
    'How long will the refund take?',
    'Please confirm once the refund is issued.',
    'Can you send a credit note as well?',
    'Let me know if you need anything else from me to process it.',
  ],
};
