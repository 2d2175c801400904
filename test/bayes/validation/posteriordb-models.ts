/** The posteriordb models of the validation suite, written with the model API (Stan code in ../shared/data/posteriordb/models/stan). */
import { Model } from '../../../src/bayes/model/model.js';
import { numbers, posteriordbData } from './posteriordb.js';

/** eight_schools_noncentered: theta = mu + tau·theta_trans. */
export function eightSchoolsNoncentered(): Model {
  const d = posteriordbData('eight_schools');
  return new Model()
    .data('sigma', numbers(d['sigma']))
    .param('mu', 'Normal(0, 5)')
    .param('tau', 'HalfCauchy(5)')
    .nonCentered('theta', 'Normal(mu, tau)', { shape: Number(d['J']) })
    .observed('y_obs', 'Normal(theta, sigma)', numbers(d['y']));
}

/** eight_schools_centered: the funnel that makes NUTS diverge. */
export function eightSchoolsCentered(): Model {
  const d = posteriordbData('eight_schools');
  return new Model()
    .data('sigma', numbers(d['sigma']))
    .param('mu', 'Normal(0, 5)')
    .param('tau', 'HalfCauchy(5)')
    .param('theta', 'Normal(mu, tau)', { shape: Number(d['J']) })
    .observed('y', 'Normal(theta, sigma)', numbers(d['y']));
}

/** kidiq kidscore_interaction: flat coefficients, half-Cauchy(2.5) sigma. */
export function kidscoreInteraction(): Model {
  const d = posteriordbData('kidiq');
  return new Model()
    .data('mom_hs', numbers(d['mom_hs']))
    .data('mom_iq', numbers(d['mom_iq']))
    .deterministic('inter', 'mom_hs * mom_iq', { track: false })
    .param('beta', 'Flat()', { shape: 4 })
    .param('sigma', 'HalfCauchy(2.5)')
    .observed('kid_score', 'Normal(beta[1] + beta[2] * mom_hs + beta[3] * mom_iq + beta[4] * inter, sigma)', numbers(d['kid_score']));
}

/** earnings logearn_interaction: log earnings on height, sex and their interaction; flat priors. */
export function logearnInteraction(): Model {
  const d = posteriordbData('earnings');
  return new Model()
    .data('height', numbers(d['height']))
    .data('male', numbers(d['male']))
    .data('earn', numbers(d['earn']))
    .deterministic('inter', 'height * male', { track: false })
    .param('beta', 'Flat()', { shape: 4 })
    .param('sigma', 'Flat()', { lower: 0 })
    .observed('log_earn', 'Normal(beta[1] + beta[2] * height + beta[3] * male + beta[4] * inter, sigma)', numbers(d['earn']).map(Math.log));
}

/** nes2000 nes: party identification on ideology, race, age groups, education, gender, income. */
export function nes(): Model {
  const d = posteriordbData('nes2000');
  const age = numbers(d['age_discrete']);
  return new Model()
    .data('real_ideo', numbers(d['real_ideo']))
    .data('race_adj', numbers(d['race_adj']))
    .data('age30_44', age.map((a) => (a === 2 ? 1 : 0)))
    .data('age45_64', age.map((a) => (a === 3 ? 1 : 0)))
    .data('age65up', age.map((a) => (a === 4 ? 1 : 0)))
    .data('educ1', numbers(d['educ1']))
    .data('gender', numbers(d['gender']))
    .data('income', numbers(d['income']))
    .param('beta', 'Flat()', { shape: 9 })
    .param('sigma', 'Flat()', { lower: 0 })
    .observed(
      'partyid7',
      'Normal(beta[1] + beta[2] * real_ideo + beta[3] * race_adj + beta[4] * age30_44 + beta[5] * age45_64 + beta[6] * age65up + beta[7] * educ1 + beta[8] * gender + beta[9] * income, sigma)',
      numbers(d['partyid7']),
    );
}

/** sblrc blr: Bayesian linear regression y ~ Normal(X·beta, sigma) with a design matrix. */
export function blr(): Model {
  const d = posteriordbData('sblrc');
  const X = d['X'] as number[][];
  return new Model()
    .data('X', X.flat(), { shape: [Number(d['N']), Number(d['D'])] })
    .param('beta', 'Normal(0, 10)', { shape: Number(d['D']) })
    .param('sigma', 'HalfNormal(10)')
    .observed('y', 'Normal(dot(X, beta), sigma)', numbers(d['y']));
}

/** mesquite logmesquite: log weight on log dimensions and group; flat priors. */
export function logmesquite(): Model {
  const d = posteriordbData('mesquite');
  const log = (k: string) => numbers(d[k]).map(Math.log);
  return new Model()
    .data('log_diam1', log('diam1'))
    .data('log_diam2', log('diam2'))
    .data('log_canopy_height', log('canopy_height'))
    .data('log_total_height', log('total_height'))
    .data('log_density', log('density'))
    .data('group', numbers(d['group']))
    .param('beta', 'Flat()', { shape: 7 })
    .param('sigma', 'Flat()', { lower: 0 })
    .observed(
      'log_weight',
      'Normal(beta[1] + beta[2] * log_diam1 + beta[3] * log_diam2 + beta[4] * log_canopy_height + beta[5] * log_total_height + beta[6] * log_density + beta[7] * group, sigma)',
      log('weight'),
    );
}
