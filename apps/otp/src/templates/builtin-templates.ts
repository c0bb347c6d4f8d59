import { OtpLocale } from '@zagel/contracts';

/** The platform's own verification text per locale: with the customer's app name, and without one. */
export interface BuiltinTemplate {
  withApp: string;
  withoutApp: string;
}

export const BUILTIN_TEMPLATES: Record<OtpLocale, BuiltinTemplate> = {
  en: {
    withApp: 'Your {app} verification code is {code}. It expires in {minutes} min. Do not share it.',
    withoutApp: 'Your verification code is {code}. It expires in {minutes} min. Do not share it.',
  },
  ar: {
    withApp: 'رمز التحقق الخاص بك في {app} هو {code}. ينتهي خلال {minutes} دقيقة. لا تشاركه مع أحد.',
    withoutApp: 'رمز التحقق الخاص بك هو {code}. ينتهي خلال {minutes} دقيقة. لا تشاركه مع أحد.',
  },
  fa: {
    withApp: 'کد تأیید {app} شما: {code}. این کد تا {minutes} دقیقه معتبر است. آن را به کسی ندهید.',
    withoutApp: 'کد تأیید شما: {code}. این کد تا {minutes} دقیقه معتبر است. آن را به کسی ندهید.',
  },
  es: {
    withApp: 'Tu código de verificación de {app} es {code}. Caduca en {minutes} min. No lo compartas.',
    withoutApp: 'Tu código de verificación es {code}. Caduca en {minutes} min. No lo compartas.',
  },
  fr: {
    withApp: 'Votre code de vérification {app} est {code}. Il expire dans {minutes} min. Ne le partagez pas.',
    withoutApp: 'Votre code de vérification est {code}. Il expire dans {minutes} min. Ne le partagez pas.',
  },
  de: {
    withApp: 'Ihr {app}-Bestätigungscode lautet {code}. Er läuft in {minutes} Min. ab. Nicht weitergeben.',
    withoutApp: 'Ihr Bestätigungscode lautet {code}. Er läuft in {minutes} Min. ab. Nicht weitergeben.',
  },
  pt: {
    withApp: 'Seu código de verificação do {app} é {code}. Expira em {minutes} min. Não o compartilhe.',
    withoutApp: 'Seu código de verificação é {code}. Expira em {minutes} min. Não o compartilhe.',
  },
  ru: {
    withApp: 'Ваш код подтверждения {app}: {code}. Действует {minutes} мин. Никому его не сообщайте.',
    withoutApp: 'Ваш код подтверждения: {code}. Действует {minutes} мин. Никому его не сообщайте.',
  },
  tr: {
    withApp: '{app} doğrulama kodunuz {code}. {minutes} dk içinde geçerliliğini yitirir. Kimseyle paylaşmayın.',
    withoutApp: 'Doğrulama kodunuz {code}. {minutes} dk içinde geçerliliğini yitirir. Kimseyle paylaşmayın.',
  },
  hi: {
    withApp: 'आपका {app} सत्यापन कोड {code} है। यह {minutes} मिनट में समाप्त हो जाएगा। इसे किसी से साझा न करें।',
    withoutApp: 'आपका सत्यापन कोड {code} है। यह {minutes} मिनट में समाप्त हो जाएगा। इसे किसी से साझा न करें।',
  },
};
