// Renderer entry: picks the HallClient (IPC in Electron, WebSocket in a browser), then mounts the screens.
import { createApp, watchEffect } from 'vue';
import { createPinia } from 'pinia';
import 'leaflet/dist/leaflet.css';
import './shell/theme.css';
import App from './App.vue';
import { createHallClient, provideHallClient } from './client';
import { createHallRouter } from './router';
import { locale } from './i18n/locale';
import { dropStrayCarets } from './shell/stray-caret';

const app = createApp(App);
provideHallClient(app, createHallClient());
app.use(createPinia());
app.use(createHallRouter());
watchEffect(() => (document.documentElement.lang = locale.value));
app.mount('#app');
dropStrayCarets();
