"""The kiosk's screen logic without Qt: what each patient screen shows and what the receptionist
console lists, as typed records that ui/ only renders."""
