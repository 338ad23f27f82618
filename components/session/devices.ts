/** Which camera, microphone and speaker the person chose, by `deviceId`. */
export type DeviceChoice = Partial<Record<MediaDeviceKind, string>>;

const KEY = 'roulette-devices';

/** The choice remembered from an earlier visit (`localStorage`). */
export function loadDevices(): DeviceChoice {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as DeviceChoice) : {};
  } catch {
    return {}; // storage blocked or damaged
  }
}

/** Remembers `deviceId` for `kind`; returns the whole choice. */
export function saveDevice(kind: MediaDeviceKind, deviceId: string): DeviceChoice {
  const choice = { ...loadDevices(), [kind]: deviceId };
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // storage blocked: the choice holds for this page only
  }
  return choice;
}

/**
 * The cameras, microphones and speakers. Browsers hide their names until
 * the page may use a camera: then the camera and microphone are opened for a
 * moment to ask, once.
 */
export async function listDevices(): Promise<MediaDeviceInfo[]> {
  const media = navigator.mediaDevices;
  let devices = (await media?.enumerateDevices?.()) ?? [];
  if (devices.some((d) => !d.label)) {
    try {
      const stream = await media.getUserMedia({ audio: true, video: true });
      devices = await media.enumerateDevices();
      for (const track of stream.getTracks()) track.stop();
    } catch {
      // denied or missing: list what we have
    }
  }
  return devices.filter((d) => d.deviceId);
}
