// Fixed time zone for every test: local days are Berlin days (UTC+1 in winter).
process.env.TZ = 'Europe/Berlin';
