import { TemplateVariable } from '@zagel/contracts';

/** A campaign recipient handed out: its message id is set in the same transaction as the message is stored. */
export interface ClaimedRecipient {
  position: number;
  phone: string;
  country: string;
  body: string;
  segments: number;
  message_id: string;
  /** Its template's variables, kept when the template has codes at providers. */
  template_variables: TemplateVariable[] | null;
}
