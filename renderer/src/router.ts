// Screens by URL (hash history, so app:// and a plain file server both work): #/console, #/wall, #/board, and contributed ones.
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import ConsoleScreen from './console/ConsoleScreen.vue';
import WallScreen from './wall/WallScreen.vue';
import BoardScreen from './board/BoardScreen.vue';
import UnknownScreen from './shell/UnknownScreen.vue';
import { contributions } from './contributions';

declare module 'vue-router' {
  interface RouteMeta {
    /** A read-only display (wall, board, squad room): never asks anyone to sign in. */
    display?: boolean;
  }
}

export const shellRoutes: RouteRecordRaw[] = [
  { path: '/', redirect: '/console' },
  { path: '/console', name: 'console', component: ConsoleScreen },
  { path: '/wall', name: 'wall', component: WallScreen, meta: { display: true } },
  { path: '/board', name: 'board', component: BoardScreen, meta: { display: true } },
];

export function createHallRouter() {
  return createRouter({
    history: createWebHashHistory(),
    routes: [...shellRoutes, ...contributions.routes, { path: '/:unknown(.*)*', name: 'unknown', component: UnknownScreen }],
  });
}
