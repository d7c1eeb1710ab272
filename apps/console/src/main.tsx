import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readSettings } from './settings';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App settings={readSettings()} />
  </StrictMode>,
);
