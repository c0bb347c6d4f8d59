import { problem, ProblemException } from '../problem-details/problem';

/** The sessions module's own problems (auth's arrive as remote errors). */
export const SessionsProblem = {
  noRefreshToken: () =>
    new ProblemException(
      problem(401, 'invalid_refresh_token', 'No refresh token: send refreshToken in the body, or the refresh cookie with a JSON request.', {
        title: 'Invalid refresh token',
      }),
    ),
};
