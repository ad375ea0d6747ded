// Which items of a long scrolling list are on screen (or about to be), for content that changes every second: the
// alert queue keeps 50 rows, of which a few show at a time, and each row's countdown set anew each second made
// the page restyle, lay out and repaint the text of every row, seen or not.
//
// A list provides a tracker (provideOnScreen, with the element that scrolls); each item asks useOnScreen for its
// flag. Outside such a list, and before the browser has said, an item counts as on screen.
import { inject, onBeforeUnmount, onMounted, provide, shallowRef, type InjectionKey, type Ref, type ShallowRef } from 'vue';

interface OnScreenTracker {
  watch(el: Element, flag: ShallowRef<boolean>): void;
  unwatch(el: Element): void;
}

const key: InjectionKey<OnScreenTracker> = Symbol('on-screen');

/**
 * Tracks the items of the list scrolled by `root`. Items within `marginPx` of its visible part count as on screen,
 * so a row scrolled into view is already up to date.
 */
export function provideOnScreen(root: Ref<Element | null>, marginPx = 240): void {
  const flags = new Map<Element, ShallowRef<boolean>>();
  let observer: IntersectionObserver | null = null;
  let observedRoot: Element | null = null;
  /** The observer for the list element there is now (the list may be taken down and built again). */
  const current = (): IntersectionObserver | null => {
    if (typeof IntersectionObserver !== 'function') return null;
    if (observer && observedRoot === root.value) return observer;
    observer?.disconnect();
    observedRoot = root.value;
    observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const flag = flags.get(e.target);
          if (flag) flag.value = e.isIntersecting;
        }
      },
      { root: observedRoot, rootMargin: `${marginPx}px 0px` },
    );
    for (const el of flags.keys()) observer.observe(el);
    return observer;
  };
  provide(key, {
    watch(el, flag) {
      flags.set(el, flag);
      current()?.observe(el);
    },
    unwatch(el) {
      flags.delete(el);
      observer?.unobserve(el);
    },
  });
  onBeforeUnmount(() => {
    observer?.disconnect();
    observer = null;
  });
}

/** Whether this item is on screen; always true outside a list that tracks it. */
export function useOnScreen(el: Ref<Element | null>): Readonly<Ref<boolean>> {
  const flag = shallowRef(true);
  const tracker = inject(key, null);
  if (!tracker) return flag;
  let watched: Element | null = null;
  onMounted(() => {
    watched = el.value;
    if (watched) tracker.watch(watched, flag);
  });
  onBeforeUnmount(() => {
    if (watched) tracker.unwatch(watched);
  });
  return flag;
}
