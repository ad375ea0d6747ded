// The IPC channel names, kept free of zod and every other import: the sandboxed preload bundles this file
// and may require nothing but 'electron'.
export const ipcChannels = { invoke: 'kuaifan:invoke', event: 'kuaifan:event' } as const;
