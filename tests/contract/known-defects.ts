/**
 * Known defects of the upstream Weavr specs that contract cases run into. Each case still runs every check; where a
 * defect is listed it asserts that the defect shows exactly as described here, so a fix upstream makes the case
 * fail until the entry is removed. A defect the cases run into that is not listed here fails its case.
 */
export type KnownDefect = {
  api: 'multi' | 'backoffice';
  /** "METHOD /path", as in the generated `operations` map. */
  operation: string;
  reason: string;
} & (
  | {
      /**
       * A request body alternative that also matches another alternative of the same `oneOf`: no value built from
       * it passes strict `oneOf` validation. Asserted: Prism rejects it with a `oneOf` violation at `location`.
       */
      kind: 'overlapping-oneOf';
      /** Where in the request body, e.g. `destinationBeneficiary`, `[]/requestBody/destinationBeneficiary`. */
      location: string;
      /** The alternatives (component schema names) that can't be sent. */
      branches: readonly string[];
    }
  | {
      /**
       * A success media type whose schema can't be produced as that media type. Asserted: the request is valid and
       * goes out asking for `media`, and Prism answers 500 `NO_COMPLEX_OBJECT_TEXT`.
       */
      kind: 'unservable-media';
      media: string;
    }
);

const SEPA_RIX =
  'SEPABeneficiary and RIXBeneficiary are identical but for descriptions (required name + iban, same optional ' +
  'fields and patterns), so every IBAN beneficiary matches both and strict oneOf validation rejects every SEPA ' +
  'or RIX wire transfer.';

const CBT_SEPA_RIX =
  'CorrespondentBankingSEPABeneficiary and CorrespondentBankingRIXBeneficiary are identical but for descriptions ' +
  '(required name + iban + address, same patterns), so every IBAN beneficiary matches both and strict oneOf ' +
  'validation rejects it.';

const CSV_AS_JSON =
  'The text/csv statement is described by a JSON schema (an array of StatementEntry objects), not as text: ' +
  'there is no CSV layout to produce or check, and Prism answers 500 NO_COMPLEX_OBJECT_TEXT.';

export const knownDefects: readonly KnownDefect[] = [
  {
    api: 'multi',
    operation: 'POST /outgoing_wire_transfers',
    kind: 'overlapping-oneOf',
    location: 'destinationBeneficiary',
    branches: ['SEPABeneficiary', 'RIXBeneficiary'],
    reason: SEPA_RIX,
  },
  {
    api: 'multi',
    operation: 'POST /bulks/outgoing_wire_transfers',
    kind: 'overlapping-oneOf',
    location: '[]/requestBody/destinationBeneficiary',
    branches: ['SEPABeneficiary', 'RIXBeneficiary'],
    reason: `${SEPA_RIX} The bulk body reuses the single transfer's body.`,
  },
  {
    api: 'multi',
    operation: 'POST /correspondent_bank_transfers',
    kind: 'overlapping-oneOf',
    location: 'beneficiary',
    branches: ['CorrespondentBankingSEPABeneficiary', 'CorrespondentBankingRIXBeneficiary'],
    reason: CBT_SEPA_RIX,
  },
  {
    api: 'multi',
    operation: 'GET /deprecated/managed_accounts/{id}/statement',
    kind: 'unservable-media',
    media: 'text/csv',
    reason: CSV_AS_JSON,
  },
  {
    api: 'multi',
    operation: 'GET /deprecated/managed_cards/{id}/statement',
    kind: 'unservable-media',
    media: 'text/csv',
    reason: CSV_AS_JSON,
  },
  {
    api: 'backoffice',
    operation: 'GET /managed_accounts/{id}/statement',
    kind: 'unservable-media',
    media: 'text/csv',
    reason: CSV_AS_JSON,
  },
  {
    api: 'backoffice',
    operation: 'GET /managed_cards/{id}/statement',
    kind: 'unservable-media',
    media: 'text/csv',
    reason: CSV_AS_JSON,
  },
];
