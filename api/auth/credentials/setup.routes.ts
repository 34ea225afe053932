/**
 * /auth/setup: the page where a production installation's first administrator password is set
 * with the one-time setup token printed at start. Rate limited like the sign-in form.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger.js';
import { messagePage, setupPage } from '../oidc/pages.js';
import { completeSetup } from './administrator.js';

export function setupRoutes(dataSource: DataSource, rateLimit: (answer: RequestHandler) => RequestHandler, logger: Logger): Router {
  const tooMany: RequestHandler = (_req, res) => {
    res.status(429).type('html').send(messagePage('Too many attempts', 'Too many attempts from your network. Wait a minute and try again.'));
  };
  return express
    .Router()
    .get('/setup', (req, res) => {
      res.type('html').send(setupPage({ action: `${req.baseUrl}/setup` }));
    })
    .post('/setup', rateLimit(tooMany), express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
      const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
      const password = typeof req.body?.password === 'string' ? req.body.password : '';
      const problem = await completeSetup(dataSource, token, password);
      if (problem) {
        res.status(400).type('html').send(setupPage({ action: `${req.baseUrl}/setup`, error: problem }));
        return;
      }
      logger.info({ event: 'setup.administrator', ip: req.ip }, 'the administrator password was set with the setup token');
      res.type('html').send(setupPage({ action: '', done: true }));
    });
}
