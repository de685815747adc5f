/* explainer.js: placeholder */
