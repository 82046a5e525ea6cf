// A small sample resource, like the first REST controller of any Spring Boot tutorial.
import { Router } from 'express';
import { HttpError } from '../web/spring-error.ts';

export interface User {
  id: number;
  name: string;
  email: string;
  role: 'admin' | 'developer' | 'viewer';
}

export const SAMPLE_USERS: readonly User[] = [
  { id: 1, name: 'Kim Minji', email: 'minji.kim@example.com', role: 'admin' },
  { id: 2, name: 'Lee Joon', email: 'joon.lee@example.com', role: 'developer' },
  { id: 3, name: 'Park Seoyeon', email: 'seoyeon.park@example.com', role: 'developer' },
  { id: 4, name: 'Choi Hyun', email: 'hyun.choi@example.com', role: 'viewer' },
];

export function userRoutes(): Router {
  const router = Router();
  router.get('/api/users', (_req, res) => {
    res.json(SAMPLE_USERS);
  });
  router.get('/api/users/:id', (req, res) => {
    const user = SAMPLE_USERS.find((candidate) => String(candidate.id) === req.params.id);
    if (!user) {
      const ids = SAMPLE_USERS.map((candidate) => candidate.id).join(', ');
      throw new HttpError(404, `No user with id "${req.params.id}"; the sample users have ids ${ids}`);
    }
    res.json(user);
  });
  return router;
}
