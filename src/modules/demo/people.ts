/** Fictional customers: companies (at reserved .example domains) and people. */
import { createRng, hashSeed, type Rng } from './prng.js';
import type { DemoCompany, DemoRequester } from './types.js';

export const FIRST_NAMES = [
  'Jane',
  'Omar',
  'Priya',
  'Lukas',
  'Mei',
  'Carlos',
  'Aisha',
  'Tom',
  'Sofia',
  'Kenji',
  'Fatima',
  'Daniel',
  'Chloe',
  'Mateo',
  'Grace',
  'Ivan',
  'Nina',
  'Samuel',
  'Leila',
  'Ben',
  'Hannah',
  'Raj',
  'Elena',
  'Kwame',
  'Olivia',
  'Marco',
  'Yuki',
  'Ahmed',
  'Laura',
  'Pieter',
  'Zoe',
  'Diego',
  'Anya',
  'Felix',
  'Ingrid',
  'Tariq',
  'Rosa',
  'Noah',
  'Amara',
  'Jonas',
  'Claire',
  'Hiro',
  'Maya',
  'Ethan',
  'Bianca',
  'Sipho',
  'Lena',
  'Victor',
  'Camille',
  'Arjun',
  'Freya',
  'Mohammed',
  'Julia',
  'Oscar',
  'Ana',
  'Patrick',
  'Wen',
  'Sara',
  'Emeka',
  'Lucy',
];

export const LAST_NAMES = [
  'Doe',
  'Haddad',
  'Sharma',
  'Becker',
  'Chen',
  'Alvarez',
  'Bello',
  'Walsh',
  'Rossi',
  'Tanaka',
  'Khan',
  'Okafor',
  'Martin',
  'Fernandez',
  'Kim',
  'Petrov',
  'Schulz',
  'Adeyemi',
  'Nasser',
  'Clarke',
  'Lindqvist',
  'Patel',
  'Novak',
  'Mensah',
  'Brown',
  'Moretti',
  'Sato',
  'Hassan',
  'Dubois',
  'de Vries',
  'Nguyen',
  'Garcia',
  'Ivanova',
  'Weber',
  'Larsen',
  'Aziz',
  'Santos',
  'Murphy',
  'Eze',
  'Fischer',
  'Laurent',
  'Yamamoto',
  'Cohen',
  'Wright',
  'Costa',
  'Dlamini',
  'Hoffmann',
  'Reyes',
  'Bernard',
  'Iyer',
  'Olsen',
  'Rahman',
  'Lopez',
  'Nakamura',
  'Silva',
  "O'Brien",
  'Wang',
  'Mendes',
  'Obi',
  'Hughes',
];

const COMPANY_SEEDS: readonly (readonly [string, string, string])[] = [
  ['Globex', 'globex.example', 'manufacturing'],
  ['Initech', 'initech.example', 'software'],
  ['Example Corp', 'example.com', 'consulting'],
  ['Vandelay Industries', 'vandelay.example', 'import/export'],
  ['Northwind Traders', 'northwind.example', 'retail'],
  ['Contoso', 'contoso.example', 'financial services'],
  ['Fabrikam', 'fabrikam.example', 'manufacturing'],
  ['Tailspin Toys', 'tailspin.example', 'retail'],
  ['Hooli', 'hooli.example', 'software'],
  ['Bluebird Studio', 'bluebird-studio.example', 'design agency'],
  ['Umbrella Logistics', 'umbrella-logistics.example', 'logistics'],
  ['Stark Harbor Media', 'starkharbor.example', 'media'],
  ['Pinecone Health', 'pinecone-health.example', 'healthcare'],
  ['Riverside Schools', 'riverside-schools.example', 'education'],
  ['Lumen Analytics', 'lumen.example', 'analytics'],
  ['Oakridge Legal', 'oakridge-legal.example', 'legal'],
  ['Brightwave Marketing', 'brightwave.example', 'marketing agency'],
  ['Nimbus Robotics', 'nimbus-robotics.example', 'hardware'],
  ['Cobalt Fintech', 'cobalt.example', 'fintech'],
  ['Harbor & Finch', 'harborfinch.example', 'architecture'],
  ['Greenleaf Foods', 'greenleaf.example', 'food and beverage'],
  ['Quantum Paper Co.', 'quantumpaper.example', 'printing'],
  ['Atlas Construction', 'atlas-build.example', 'construction'],
  ['Meridian Travel', 'meridian-travel.example', 'travel'],
  ['Sunrise Nonprofit', 'sunrise-ngo.example', 'nonprofit'],
  ['Kestrel Games', 'kestrel.example', 'gaming'],
  ['Polaris Energy', 'polaris-energy.example', 'energy'],
  ['Willow Dental Group', 'willowdental.example', 'healthcare'],
  ['Redstone Capital', 'redstone.example', 'investment'],
  ['Tangent Labs', 'tangentlabs.example', 'research'],
  ['Maple Street Bakery', 'maplestreet.example', 'hospitality'],
  ['Orbit Freight', 'orbitfreight.example', 'logistics'],
  ['Silverline Events', 'silverline.example', 'events'],
  ['Copperfield Accounting', 'copperfield.example', 'accounting'],
  ['Helios Solar', 'helios.example', 'energy'],
  ['Freelance (personal)', 'mail.example', 'freelance'],
];

export const PLANS = ['Starter', 'Team', 'Business', 'Enterprise'] as const;

export const JOB_TITLES = [
  'Head of Ops',
  'Project Manager',
  'IT Administrator',
  'Finance Manager',
  'CTO',
  'Engineering Lead',
  'Office Manager',
  'Marketing Coordinator',
  'Operations Director',
  'Product Owner',
  'Scrum Master',
  'Account Director',
  'COO',
  'Founder',
  'Team Lead',
  'Program Manager',
  'Systems Administrator',
  'Accounts Payable Specialist',
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Companies with a seed-dependent plan and workspace slug. */
export function buildCompanies(seed: number): DemoCompany[] {
  const rng = createRng(hashSeed(seed, 0xc0ffee));
  return COMPANY_SEEDS.map(([name, domain, industry]) => {
    const base = slug(name.replace(/\(.*\)/, '')).split('-')[0] ?? 'team';
    return {
      name,
      domain,
      industry,
      plan: rng.weighted(PLANS, [2, 4, 3, 1.5]),
      workspace: `${base}-${rng.pick(['hq', 'ops', 'team', 'projects', 'main', 'pmo', 'work'])}`,
    };
  });
}

function localPart(rng: Rng, first: string, last: string): string {
  const f = slug(first).replace(/-/g, '');
  const l = slug(last).replace(/-/g, '');
  const style = rng.int(0, 5);
  if (style === 0) return `${f}.${l}`;
  if (style === 1) return `${f.charAt(0)}${l}`;
  if (style === 2) return f;
  if (style === 3) return `${f}_${l}`;
  if (style === 4) return `${f}${l.charAt(0)}${rng.int(1, 99)}`;
  return `${f}.${l}`;
}

export function makeEmail(rng: Rng, first: string, last: string, domain: string): string {
  return `${localPart(rng, first, last)}@${domain}`;
}

export function makeRequester(rng: Rng, companies: readonly DemoCompany[]): DemoRequester {
  const weights = companies.map((_, i) => 1 / (1 + i * 0.12));
  const company = rng.weighted(companies, weights);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  return {
    firstName,
    lastName,
    email: makeEmail(rng, firstName, lastName, company.domain),
    title: rng.pick(JOB_TITLES),
    company,
  };
}

/** A pool of recurring customers; picking from it is skewed (some file many tickets). */
export function buildRequesterPool(
  rng: Rng,
  companies: readonly DemoCompany[],
  size: number,
): DemoRequester[] {
  const pool: DemoRequester[] = [];
  const seen = new Set<string>();
  while (pool.length < size) {
    const person = makeRequester(rng, companies);
    if (seen.has(person.email)) continue;
    seen.add(person.email);
    pool.push(person);
  }
  return pool;
}

export function pickFromPool(rng: Rng, pool: readonly DemoRequester[]): DemoRequester {
  const index = Math.floor(pool.length * rng.next() ** 1.4);
  return pool[Math.min(index, pool.length - 1)] ?? rng.pick(pool);
}

export function formatRequester(person: DemoRequester): string {
  return `${person.firstName} ${person.lastName} <${person.email}>`;
}
