// Mobile entry: registers the record-view customizations.
export {};
