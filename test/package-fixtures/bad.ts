import 'roulette-calls';

document.querySelector('roulette-session')!.servr = 'https://calls.example'; // error: misspelled property
document.createElement('roulette-devices').sesion = undefined; // error: misspelled property of the lazily defined element
document.querySelector('roulette-session')!.strings = { 'call.heading': 42 }; // error: an override is a text or a function
document.querySelector('roulette-session')!.addEventListener('roulette-call-end', (e) => e.detail.peers); // error: no such detail field
