// Config screen entry.
export {};
