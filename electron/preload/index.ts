// Preload: exposes window.kuaifan = { invoke, on } and nothing else; the page never sees ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('kuaifan', createBridge(ipcRenderer));
