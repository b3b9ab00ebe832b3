// Placeholder until the local runtime lands (issue 7): the script exists so `npm start` is wired.
console.log('syndicate: the local runtime is not built yet (see the open issue on `npm start`).');
