// "Switch camera": one tap from the front camera to the back one (or on to
// the next camera of a laptop with several). By `deviceId` rather than
// `facingMode`: every camera has one, while desktops report no facing mode,
// and the chosen id is what the session remembers for the next call.

/** The cameras the page may name (empty until a camera was allowed once). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices.filter((d) => d.kind === 'videoinput' && d.deviceId);
}

/**
 * The camera after the one `track` comes from, wrapping around; `undefined`
 * with fewer than two cameras.
 */
export async function nextCamera(track: MediaStreamTrack | undefined): Promise<string | undefined> {
  const cameras = await listCameras();
  if (cameras.length < 2) return undefined;
  const current = cameras.findIndex((c) => c.deviceId === track?.getSettings().deviceId);
  return cameras[(current + 1) % cameras.length].deviceId;
}
