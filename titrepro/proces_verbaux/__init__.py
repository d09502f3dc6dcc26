"""PV général and PV individuels: documents, electronic signatures (jury, then responsable),
transmission to the DDETS, validation or return, publication."""
