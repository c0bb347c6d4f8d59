/**
 * Stable codes of campaign refusals. The whole-file faults (`not_csv` ... `no_valid_rows`) stop an
 * upload with nothing created; the row codes are what the errors report says per line.
 */
export const CampaignErrorCode = {
  NotCsv: 'not_csv',
  NoHeader: 'no_header',
  NoPhoneColumn: 'no_phone_column',
  NoBodyColumn: 'no_body_column',
  UnknownTemplateVariables: 'unknown_template_variables',
  FileTooLarge: 'file_too_large',
  NoValidRows: 'no_valid_rows',
  InvalidCampaignOptions: 'invalid_campaign_options',
  UploadNotFound: 'upload_not_found',
  CampaignNotFound: 'campaign_not_found',
  InvalidCampaignTransition: 'invalid_campaign_transition',
} as const;
export type CampaignErrorCode = (typeof CampaignErrorCode)[keyof typeof CampaignErrorCode];

/** Why one row of a file was not taken (the errors report's `code`). */
export const CampaignRowProblem = {
  MalformedLine: 'malformed_line',
  InvalidPhoneNumber: 'invalid_phone_number',
  CannotReceiveSms: 'cannot_receive_sms',
  EmptyBody: 'empty_body',
  MissingVariables: 'missing_variables',
  BodyTooLong: 'body_too_long',
  /** The campaign's alphanumeric senderId is not allowed in the number's country (US, CA). */
  SenderIdNotSupported: 'sender_id_not_supported',
} as const;
export type CampaignRowProblem = (typeof CampaignRowProblem)[keyof typeof CampaignRowProblem];
