import { useEffect, useState } from 'react';

/**
 * A new phone's device token, shown once: as text to copy, and as a QR code for the phone app to
 * scan. The QR encoder (`qrcode`) is loaded with this component only, so the first load stays small.
 */
export function DeviceToken({ token, onDone }: { token: string; onDone: () => void }) {
  const [qr, setQr] = useState<string>();
  const [qrFailed, setQrFailed] = useState(false);

  useEffect(() => {
    let current = true;
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 }))
      .then(
        (svg) => current && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
        () => current && setQrFailed(true),
      );
    return () => {
      current = false;
    };
  }, [token]);

  return (
    <div role="status" className="secret">
      <p>Give this token to the Zagel app on the phone (scan the QR code or copy the text): it is shown only once.</p>
      <output aria-label="Device token">{token}</output>
      {qr && <img className="qr" src={qr} alt="QR code of the device token" width={240} height={240} />}
      {qrFailed && <p>The QR code could not be drawn here: copy the token as text.</p>}
      <button type="button" onClick={onDone}>
        I have set up the phone
      </button>
    </div>
  );
}
