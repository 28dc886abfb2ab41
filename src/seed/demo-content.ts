/**
 * Demo content for ASGM Exchange.
 *
 * This file holds ONLY typed constant data: the starting topic tree, a set of
 * real partner organizations (with invented example.org email domains), and
 * clearly labelled SAMPLE people and SAMPLE threads. Every demo person's
 * display name ends with " (demo)" and every demo thread body ends with the
 * line "_Sample thread (demo data)._". No real person is represented.
 *
 * The loader that writes this data to the database lives elsewhere.
 */

export type SectorCode = 'GOVERNMENT' | 'IGO' | 'NGO' | 'ACADEMIA' | 'PRIVATE_SECTOR';

export interface DemoTopic {
  slug: string;
  name: string;
  description: string;
  children?: DemoTopic[];
}

export interface DemoOrganization {
  key: string;
  name: string;
  acronym: string;
  sector: SectorCode;
  /** ISO 3166-1 alpha-2, null for international bodies. */
  country: string | null;
  /** Invented subdomains of example.org only; never real domains. */
  emailDomains: string[];
}

export interface DemoUser {
  key: string;
  /** Lowercase, [a-z0-9_-], 3-30 chars. */
  handle: string;
  /** Always ends with " (demo)". */
  displayName: string;
  /** @example.org or @example.com addresses only. */
  email: string;
  role: 'ADMIN' | 'MODERATOR' | 'EXPERT' | 'MEMBER';
  organizationKey: string | null;
  /** ORG_ADMIN only of a fictional organization (name ending " (demo)"), never of a real one. */
  orgRole?: 'MEMBER' | 'ORG_ADMIN';
  country: string | null;
  /** BCP-47 language tags. */
  languages: string[];
  expert?: {
    headline: string;
    bio: string;
    topicSlugs: string[];
    countries: string[];
    languages: string[];
  };
}

export interface DemoReply {
  authorKey: string;
  /** Markdown. */
  body: string;
  /** Nested replies to this reply. */
  replies?: DemoReply[];
  accepted?: boolean;
  votes?: { voterKey: string; value: 1 | -1 }[];
}

export interface DemoThread {
  key: string;
  kind: 'QUESTION' | 'DISCUSSION' | 'ANNOUNCEMENT';
  /** 5-200 chars. */
  title: string;
  /** Markdown; always ends with "\n\n_Sample thread (demo data)._". */
  body: string;
  topicSlug: string;
  /** Lowercase, max 5. */
  tags: string[];
  visibility: { scope: 'PUBLIC' | 'MEMBERS' | 'SECTORS'; sectors?: SectorCode[] };
  /** BCP-47 language tag. */
  language: string;
  authorKey: string;
  pinned?: boolean;
  replies: DemoReply[];
}

// The demo accounts' password is not here: it is DEMO_PASSWORD from the environment, or a
// random one generated per database when the demo is seeded (see SeedService).

// ---------------------------------------------------------------------------
// Topics: the starting topic tree from PRODUCT.md (7 roots).
// ---------------------------------------------------------------------------

export const DEMO_TOPICS: DemoTopic[] = [
  {
    slug: 'mercury-free-processing',
    name: 'Mercury-free processing',
    description:
      'Methods that recover gold without mercury, from physical concentration to chemical extraction, and how to adopt them safely at artisanal and small scale.',
    children: [
      {
        slug: 'gravity-concentration',
        name: 'Gravity concentration',
        description:
          'Concentrating gold by density with sluices, shaking tables and centrifuges, including crushing, classification and realistic recovery rates.',
      },
      {
        slug: 'direct-smelting-borax',
        name: 'Direct smelting with borax',
        description:
          'Smelting clean gravity concentrates with borax as a flux so gold can be melted without amalgamation, a method long used by small-scale miners in Benguet, Philippines.',
      },
      {
        slug: 'leaching',
        name: 'Leaching (cyanidation, thiosulfate) and its risks',
        description:
          'Cyanide and thiosulfate leaching of gold, their chemical and environmental risks, and why cyanide must never be applied to material containing added mercury without first removing the mercury.',
      },
      {
        slug: 'flotation',
        name: 'Flotation',
        description:
          'Froth flotation to concentrate gold-bearing sulfide minerals, including reagents, water management and suitability for small operations.',
      },
    ],
  },
  {
    slug: 'reducing-releases',
    name: 'Reducing releases where mercury is still used',
    description:
      'Interim measures that cut mercury emissions, releases and exposure where amalgamation has not yet been eliminated.',
    children: [
      {
        slug: 'retorts',
        name: 'Retorts',
        description:
          'Closed vessels that capture and condense mercury vapour when amalgam is heated, replacing open burning and allowing the mercury to be recovered.',
      },
      {
        slug: 'fume-hoods-gold-shops',
        name: 'Fume hoods in gold shops',
        description:
          'Ventilation and mercury-capture systems for gold shops and buying centres, where sponge gold still containing residual mercury is melted.',
      },
      {
        slug: 'eliminating-whole-ore-amalgamation',
        name: 'Eliminating whole-ore amalgamation',
        description:
          'Moving from whole-ore amalgamation, a practice Annex C of the Minamata Convention requires Parties to eliminate, to concentrate-only or mercury-free processing.',
      },
    ],
  },
  {
    slug: 'health',
    name: 'Health',
    description: 'Health effects of mercury in mining communities and how to assess and reduce exposure.',
    children: [
      {
        slug: 'mercury-exposure',
        name: 'Exposure',
        description:
          'Exposure to mercury vapour during amalgam burning and gold melting, and to methylmercury through fish, with effects on the nervous system and kidneys.',
      },
      {
        slug: 'biomonitoring',
        name: 'Biomonitoring',
        description:
          'Measuring mercury in urine, blood and hair, choosing the right biomarker for the exposure pathway, and running ethical health surveys.',
      },
      {
        slug: 'women-and-children',
        name: 'Women and children',
        description:
          'Protecting children, women of child-bearing age and pregnant women, who are especially vulnerable to mercury exposure in ASGM communities.',
      },
    ],
  },
  {
    slug: 'environment',
    name: 'Environment',
    description: 'Impacts of ASGM on soil, water, sediment and biota, and how to prevent and repair them.',
    children: [
      {
        slug: 'tailings',
        name: 'Tailings',
        description:
          'Safe storage, reprocessing and stabilization of tailings to limit releases of mercury and other contaminants to land and water.',
      },
      {
        slug: 'contaminated-sites',
        name: 'Contaminated sites',
        description:
          'Identifying, characterizing and managing sites contaminated by amalgamation and amalgam burning, as addressed by Article 12 of the Minamata Convention.',
      },
      {
        slug: 'remediation',
        name: 'Remediation',
        description:
          'Techniques and costs for cleaning up or containing mercury-contaminated soil, sediment and water, and for rehabilitating mined land.',
      },
    ],
  },
  {
    slug: 'policy',
    name: 'Policy',
    description: 'Laws, plans and institutions for reducing mercury use in ASGM under the Minamata Convention.',
    children: [
      {
        slug: 'national-action-plans',
        name: 'National Action Plans',
        description:
          'Developing, implementing and reviewing the National Action Plans that Article 7 and Annex C require where ASGM in a Party is more than insignificant.',
      },
      {
        slug: 'formalization',
        name: 'Formalization',
        description:
          'Steps and incentives that bring artisanal and small-scale miners into the formal economy and regulatory framework.',
      },
      {
        slug: 'licensing',
        name: 'Licensing',
        description:
          'Mining and processing licences, permits and environmental requirements for artisanal and small-scale operations.',
      },
      {
        slug: 'mercury-trade-enforcement',
        name: 'Mercury trade and enforcement',
        description:
          'Controlling mercury supply and trade under Article 3 and preventing illegal imports and diversion of mercury to ASGM.',
      },
    ],
  },
  {
    slug: 'finance-and-markets',
    name: 'Finance and markets',
    description:
      'Financing the transition to mercury-free mining and connecting responsibly produced artisanal gold to markets.',
    children: [
      {
        slug: 'access-to-finance',
        name: 'Access to finance',
        description:
          'Credit, grants, equipment leasing and buyer pre-financing that let miners and cooperatives invest in mercury-free equipment.',
      },
      {
        slug: 'responsible-gold-supply-chains',
        name: 'Responsible gold supply chains',
        description:
          'Due diligence under the OECD guidance, standards such as Fairmined, and what refiners and buyers require to source ASGM gold.',
      },
      {
        slug: 'traceability',
        name: 'Traceability',
        description:
          'Tracking gold lots from mine site to refiner so buyers can verify origin and production practices.',
      },
    ],
  },
  {
    slug: 'community-and-organization',
    name: 'Community and organization',
    description: 'Organizing miners and communities so that mercury-free practices spread and last.',
    children: [
      {
        slug: 'cooperatives',
        name: 'Cooperatives',
        description:
          'Forming and governing miner associations and cooperatives for licensing, finance and shared processing equipment.',
      },
      {
        slug: 'training',
        name: 'Training',
        description:
          'Training miners, trainers and extension staff in mercury-free techniques, retort use and safe practices.',
      },
      {
        slug: 'gender',
        name: 'Gender',
        description:
          'The roles, risks and rights of women in ASGM and how to design projects that benefit them.',
      },
    ],
  },
];

// ---------------------------------------------------------------------------
// Organizations: real names allowed; email domains are invented example.org
// subdomains and must never be real domains.
// ---------------------------------------------------------------------------

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'unep',
    name: 'UN Environment Programme',
    acronym: 'UNEP',
    sector: 'IGO',
    country: null,
    emailDomains: ['unep.example.org'],
  },
  {
    key: 'unido',
    name: 'United Nations Industrial Development Organization',
    acronym: 'UNIDO',
    sector: 'IGO',
    country: null,
    emailDomains: ['unido.example.org'],
  },
  {
    key: 'planetgold',
    name: 'planetGOLD Programme (GEF-funded, UNEP-led)',
    acronym: 'planetGOLD',
    sector: 'IGO',
    country: null,
    emailDomains: ['planetgold.example.org'],
  },
  {
    key: 'nrdc',
    name: 'Natural Resources Defense Council',
    acronym: 'NRDC',
    sector: 'NGO',
    country: 'US',
    emailDomains: ['nrdc.example.org'],
  },
  {
    key: 'agc',
    name: 'Artisanal Gold Council',
    acronym: 'AGC',
    sector: 'NGO',
    country: 'CA',
    emailDomains: ['agc.example.org'],
  },
  {
    key: 'arm',
    name: 'Alliance for Responsible Mining',
    acronym: 'ARM',
    sector: 'NGO',
    country: 'CO',
    emailDomains: ['arm.example.org'],
  },
  {
    key: 'gh-mincom',
    name: 'Minerals Commission of Ghana',
    acronym: 'MINCOM',
    sector: 'GOVERNMENT',
    country: 'GH',
    emailDomains: ['mincom-gh.example.org'],
  },
  {
    key: 'pe-minam',
    name: 'Ministerio del Ambiente del Perú',
    acronym: 'MINAM',
    sector: 'GOVERNMENT',
    country: 'PE',
    emailDomains: ['minam-pe.example.org'],
  },
  {
    key: 'id-klhk',
    name: 'Kementerian Lingkungan Hidup dan Kehutanan (Ministry of Environment and Forestry of Indonesia)',
    acronym: 'KLHK',
    sector: 'GOVERNMENT',
    country: 'ID',
    emailDomains: ['klhk-id.example.org'],
  },
  {
    key: 'co-minenergia',
    name: 'Ministerio de Minas y Energía de Colombia',
    acronym: 'MinEnergía',
    sector: 'GOVERNMENT',
    country: 'CO',
    emailDomains: ['minenergia-co.example.org'],
  },
  {
    key: 'bf-aneemas',
    name: "Agence Nationale d'Encadrement des Exploitations Minières Artisanales et Semi-mécanisées (Burkina Faso)",
    acronym: 'ANEEMAS',
    sector: 'GOVERNMENT',
    country: 'BF',
    emailDomains: ['aneemas-bf.example.org'],
  },
  {
    key: 'umat',
    name: 'University of Mines and Technology',
    acronym: 'UMaT',
    sector: 'ACADEMIA',
    country: 'GH',
    emailDomains: ['umat.example.org'],
  },
  {
    key: 'uni-peru',
    name: 'Universidad Nacional de Ingeniería',
    acronym: 'UNI',
    sector: 'ACADEMIA',
    country: 'PE',
    emailDomains: ['uni-pe.example.org'],
  },
  {
    key: 'demo-refinery',
    name: 'Demo Responsible Gold Refinery (demo)',
    acronym: 'DRGR',
    sector: 'PRIVATE_SECTOR',
    country: 'CH',
    emailDomains: ['refinery-demo.example.org'],
  },
];

// ---------------------------------------------------------------------------
// Users: SAMPLE people only. Surnames are words for "example"/"sample"/"test"
// in various languages so nobody mistakes them for real people.
// No ADMIN user here: the platform admin comes from configuration.
// ---------------------------------------------------------------------------

export const DEMO_USERS: DemoUser[] = [
  {
    key: 'lena',
    handle: 'lena-sample',
    displayName: 'Lena Sample (demo)',
    email: 'lena.sample@example.org',
    role: 'MODERATOR',
    organizationKey: 'unep',
    orgRole: 'MEMBER',
    country: 'KE',
    languages: ['en', 'fr'],
  },
  {
    key: 'kofi',
    handle: 'kofi-example',
    displayName: 'Kofi Example (demo)',
    email: 'kofi.example@example.org',
    role: 'EXPERT',
    organizationKey: 'umat',
    orgRole: 'MEMBER',
    country: 'GH',
    languages: ['en'],
    expert: {
      headline: 'Mineral processing engineer: gravity concentration and mercury-free smelting',
      bio: 'Sample expert profile (demo). Lecturer in mineral processing who runs field trials of sluices, shaking tables, centrifuges and borax smelting with small-scale miners in Ghana and Burkina Faso, and trains operators on retort use where mercury is still in use.',
      topicSlugs: [
        'gravity-concentration',
        'direct-smelting-borax',
        'flotation',
        'retorts',
        'eliminating-whole-ore-amalgamation',
      ],
      countries: ['GH', 'BF', 'SL'],
      languages: ['en'],
    },
  },
  {
    key: 'marisol',
    handle: 'marisol-muestra',
    displayName: 'Marisol Muestra (demo)',
    email: 'marisol.muestra@example.org',
    role: 'EXPERT',
    organizationKey: 'uni-peru',
    orgRole: 'MEMBER',
    country: 'PE',
    languages: ['es', 'en'],
    expert: {
      headline: 'Public-health researcher: mercury biomonitoring and exposure of women and children',
      bio: 'Sample expert profile (demo). Epidemiologist who designs urine, blood and hair mercury surveys in Amazonian mining communities, with a focus on informed consent, returning results to participants and protecting pregnant women and children.',
      topicSlugs: ['mercury-exposure', 'biomonitoring', 'women-and-children'],
      countries: ['PE', 'CO', 'EC', 'BO'],
      languages: ['es', 'en'],
    },
  },
  {
    key: 'claire',
    handle: 'claire-exemple',
    displayName: 'Claire Exemple (demo)',
    email: 'claire.exemple@example.org',
    role: 'EXPERT',
    organizationKey: 'unep',
    orgRole: 'MEMBER',
    country: 'CH',
    languages: ['fr', 'en', 'es'],
    expert: {
      headline: 'Policy adviser: Minamata Convention National Action Plans and mercury trade',
      bio: 'Sample expert profile (demo). Supports governments drafting and reviewing ASGM National Action Plans under Article 7 and Annex C, including baseline inventories, formalization strategies and controls on mercury trade.',
      topicSlugs: ['national-action-plans', 'formalization', 'licensing', 'mercury-trade-enforcement'],
      countries: ['BF', 'ML', 'SN', 'MG', 'CO'],
      languages: ['fr', 'en', 'es'],
    },
  },
  {
    key: 'budi',
    handle: 'budi-sampel',
    displayName: 'Budi Sampel (demo)',
    email: 'budi.sampel@example.org',
    role: 'EXPERT',
    organizationKey: 'agc',
    orgRole: 'MEMBER',
    country: 'ID',
    languages: ['id', 'en'],
    expert: {
      headline: 'NGO field coordinator: mercury-free processing and miner training in Indonesia',
      bio: 'Sample expert profile (demo). Works with processing-site owners in Sulawesi and Kalimantan on replacing tromol (ball-mill) amalgamation with gravity concentration, and runs training-of-trainers courses for miner groups.',
      topicSlugs: [
        'gravity-concentration',
        'retorts',
        'eliminating-whole-ore-amalgamation',
        'training',
        'cooperatives',
      ],
      countries: ['ID', 'PH'],
      languages: ['id', 'en'],
    },
  },
  {
    key: 'ana',
    handle: 'ana-exemplo',
    displayName: 'Ana Exemplo (demo)',
    email: 'ana.exemplo@example.org',
    role: 'EXPERT',
    organizationKey: 'arm',
    orgRole: 'MEMBER',
    country: 'BR',
    languages: ['pt', 'es', 'en'],
    expert: {
      headline: 'NGO field specialist: cooperatives, gender and mercury-free transitions',
      bio: 'Sample expert profile (demo). Accompanies mining organizations in Colombia, Peru and Brazil through formalization and certification, with particular attention to women who work in processing and ore selection.',
      topicSlugs: ['cooperatives', 'gender', 'training', 'women-and-children'],
      countries: ['BR', 'CO', 'PE'],
      languages: ['pt', 'es', 'en'],
    },
  },
  {
    key: 'tomas',
    handle: 'tomas-ejemplo',
    displayName: 'Tomás Ejemplo (demo)',
    email: 'tomas.ejemplo@example.org',
    role: 'EXPERT',
    organizationKey: 'unido',
    orgRole: 'MEMBER',
    country: 'PE',
    languages: ['es', 'en'],
    expert: {
      headline: 'Environmental engineer: tailings management and contaminated-site remediation',
      bio: 'Sample expert profile (demo). Designs small tailings storage facilities and site assessments for mercury hotspots, and advises on leaching risks and gold-shop emission controls in the Andes and the Amazon.',
      topicSlugs: ['tailings', 'contaminated-sites', 'remediation', 'leaching', 'fume-hoods-gold-shops'],
      countries: ['PE', 'EC', 'CO', 'GY'],
      languages: ['es', 'en'],
    },
  },
  {
    key: 'dana',
    handle: 'dana-placeholder',
    displayName: 'Dana Placeholder (demo)',
    email: 'dana.placeholder@example.org',
    role: 'EXPERT',
    organizationKey: 'nrdc',
    orgRole: 'MEMBER',
    country: 'US',
    languages: ['en', 'es'],
    expert: {
      headline: 'Policy and markets specialist: mercury supply, gold supply chains and traceability',
      bio: 'Sample expert profile (demo). Tracks mercury trade flows and supports buyers and governments in building due-diligence and traceability systems that reward mercury-free artisanal gold.',
      topicSlugs: [
        'mercury-trade-enforcement',
        'responsible-gold-supply-chains',
        'traceability',
        'access-to-finance',
      ],
      countries: ['US', 'GY', 'PE', 'GH'],
      languages: ['en', 'es'],
    },
  },
  {
    key: 'akosua',
    handle: 'akosua-specimen',
    displayName: 'Akosua Specimen (demo)',
    email: 'akosua.specimen@example.org',
    role: 'MEMBER',
    organizationKey: 'gh-mincom',
    orgRole: 'MEMBER',
    country: 'GH',
    languages: ['en'],
  },
  {
    key: 'javier',
    handle: 'javier-prueba',
    displayName: 'Javier Prueba (demo)',
    email: 'javier.prueba@example.org',
    role: 'MEMBER',
    organizationKey: 'pe-minam',
    orgRole: 'MEMBER',
    country: 'PE',
    languages: ['es', 'en'],
  },
  {
    key: 'sari',
    handle: 'sari-contoh',
    displayName: 'Sari Contoh (demo)',
    email: 'sari.contoh@example.org',
    role: 'MEMBER',
    organizationKey: 'id-klhk',
    orgRole: 'MEMBER',
    country: 'ID',
    languages: ['id', 'en'],
  },
  {
    key: 'camilo',
    handle: 'camilo-ensayo',
    displayName: 'Camilo Ensayo (demo)',
    email: 'camilo.ensayo@example.org',
    role: 'MEMBER',
    organizationKey: 'co-minenergia',
    orgRole: 'MEMBER',
    country: 'CO',
    languages: ['es', 'en'],
  },
  {
    key: 'issa',
    handle: 'issa-exemplaire',
    displayName: 'Issa Exemplaire (demo)',
    email: 'issa.exemplaire@example.org',
    role: 'MEMBER',
    organizationKey: 'bf-aneemas',
    orgRole: 'MEMBER',
    country: 'BF',
    languages: ['fr', 'en'],
  },
  {
    key: 'yaw',
    handle: 'yaw-trial',
    displayName: 'Yaw Trial (demo)',
    email: 'yaw.trial@example.com',
    role: 'MEMBER',
    organizationKey: null,
    country: 'GH',
    languages: ['en'],
  },
  {
    key: 'nadia',
    handle: 'nadia-testwell',
    displayName: 'Nadia Testwell (demo)',
    email: 'nadia.testwell@example.org',
    role: 'MEMBER',
    organizationKey: 'arm',
    orgRole: 'MEMBER',
    country: 'CO',
    languages: ['es', 'en', 'pt'],
  },
  {
    key: 'henri',
    handle: 'henri-beispiel',
    displayName: 'Henri Beispiel (demo)',
    email: 'henri.beispiel@example.org',
    role: 'MEMBER',
    organizationKey: 'demo-refinery',
    orgRole: 'ORG_ADMIN',
    country: 'CH',
    languages: ['en', 'fr', 'de'],
  },
];

// ---------------------------------------------------------------------------
// Threads: SAMPLE discussions. Every body ends with the demo marker line.
// ---------------------------------------------------------------------------

export const DEMO_THREADS: DemoThread[] = [
  // 1 ─ Pinned welcome announcement
  {
    key: 'welcome',
    kind: 'ANNOUNCEMENT',
    title: 'Welcome to ASGM Exchange: how this forum works',
    body: `Welcome to **ASGM Exchange**, the discussion space of the Global Mercury Partnership's Artisanal and Small-Scale Gold Mining (ASGM) Partnership Area. It connects governments, intergovernmental organizations, NGOs, researchers and the private sector working to reduce and, where feasible, eliminate mercury use and releases in ASGM.

**Ground rules**

- Ask concrete questions: say where you work, the ore type and the processing steps you use today.
- Post in English, French, Spanish, Portuguese or Bahasa Indonesia and tag the thread with its language.
- Never post health results or photos that identify individual miners or their families.
- Some threads are visible only to members or to specific sectors. Your sector comes from an approved organization membership, so ask your organization admin to confirm you.
- Do not post anything that would help divert mercury into illegal trade.

Background reading: the [Minamata Convention](https://www.mercuryconvention.org) (Article 7 and Annex C) and the [planetGOLD knowledge hub](https://www.planetgold.org).

_Sample thread (demo data)._`,
    topicSlug: 'community-and-organization',
    tags: ['welcome', 'guidelines', 'forum'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'lena',
    pinned: true,
    replies: [
      {
        authorKey: 'akosua',
        body: 'Thank you. Several of our district officers will join this month. Is there a space where government officials can compare National Action Plan drafts without the discussion being public?',
        replies: [
          {
            authorKey: 'lena',
            body: 'Yes. Sector-restricted threads are visible only to people whose membership in an organization of that sector has been approved. Once your colleagues are confirmed as members of the Minerals Commission, they will see the GOVERNMENT threads under **Policy → National Action Plans**.',
            votes: [
              { voterKey: 'akosua', value: 1 },
              { voterKey: 'javier', value: 1 },
            ],
          },
        ],
      },
    ],
  },

  // 2 ─ Live session announcement
  {
    key: 'live-session-borax',
    kind: 'ANNOUNCEMENT',
    title: 'Live session: direct smelting with borax, field results and common mistakes',
    body: `Our next live session covers **direct smelting with borax**, a mercury-free way to recover gold from clean gravity concentrates.

**Host:** Kofi Example (demo), mineral processing engineer.

**What we will cover**

1. Producing a concentrate clean enough to smelt (panning, magnets, removing sulfides).
2. Borax-to-concentrate ratios, crucibles, charcoal and blowers.
3. Comparing recoveries with amalgamation in side-by-side trials.
4. Training miners so the method sticks.

Post your questions in this thread before the session. A written summary will be added here afterwards for members with poor connectivity. Background: [planetGOLD](https://www.planetgold.org).

_Sample thread (demo data)._`,
    topicSlug: 'direct-smelting-borax',
    tags: ['live-session', 'borax', 'direct-smelting', 'training'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'lena',
    replies: [
      {
        authorKey: 'yaw',
        body: 'Our site has weak mobile data. Will there be an audio-only option or a recording we can download later?',
        replies: [
          {
            authorKey: 'lena',
            body: 'We will post a short written summary and a low-bitrate audio file in this thread within a week of the session.',
            votes: [{ voterKey: 'yaw', value: 1 }],
          },
        ],
      },
      {
        authorKey: 'issa',
        body: 'Une interprétation en français est-elle prévue ? Plusieurs orpailleurs encadrés par notre agence seraient intéressés.',
        replies: [
          {
            authorKey: 'lena',
            body: "Oui, nous prévoyons une interprétation en français et le résumé écrit sera aussi publié en français.",
            votes: [{ voterKey: 'issa', value: 1 }],
          },
        ],
      },
    ],
  },

  // 3 ─ Retorts for small batches
  {
    key: 'retort-small-batches',
    kind: 'QUESTION',
    title: 'Which retort design works for small amalgam batches at a remote camp?',
    body: `Our group of about 30 miners still amalgamates gravity concentrates (not whole ore). Each team ends the day with **20–50 g of amalgam**, which is currently burned in the open behind the sluice. We know open burning is one of the practices Annex C says must be eliminated, and we want to move to retorts while we work towards fully mercury-free processing.

Questions:

- Which retort design is robust for small batches and a wood or charcoal fire?
- How much of the mercury can we realistically recover?
- Miners complain that retorted gold looks grey and buyers pay less. How do others handle this?

_Sample thread (demo data)._`,
    topicSlug: 'retorts',
    tags: ['retort', 'mercury-recovery', 'amalgam', 'annex-c'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'yaw',
    replies: [
      {
        authorKey: 'kofi',
        accepted: true,
        body: `For batches of that size a small **steel retort** (a capped crucible with an outlet pipe running through a water-cooled condenser) works well on charcoal. Key points:

- **Seal** the lid properly; most losses come from leaks.
- **Cool the condenser** with a water jacket or wet cloths and collect the mercury under water.
- Heat gradually and **never open the retort until it has cooled**; opening it hot releases vapour straight into the operator's face.
- Operated properly, a retort recovers most of the mercury (often above 90%), which can then be reused instead of buying new mercury.

The grey "sponge" gold still contains some mercury. Melting it should happen under a fume hood, not in an open shop, and buyers usually accept it once melted into a button.`,
        votes: [
          { voterKey: 'yaw', value: 1 },
          { voterKey: 'budi', value: 1 },
          { voterKey: 'akosua', value: 1 },
        ],
      },
      {
        authorKey: 'budi',
        body: 'In Indonesia what convinced miners was **weighing the mercury** before amalgamation and after retorting. When they saw how much they were saving each week, resistance dropped. Keep a simple logbook per team.',
        votes: [{ voterKey: 'yaw', value: 1 }],
        replies: [
          {
            authorKey: 'yaw',
            body: 'Good idea. The weekly mercury purchase is a real cost for us, so a logbook could make the case better than any poster.',
          },
        ],
      },
    ],
  },

  // 4 ─ Borax ratio and sulfides
  {
    key: 'borax-ratio-sulfides',
    kind: 'QUESTION',
    title: 'Borax-to-concentrate ratio for direct smelting, and what to do about sulfides?',
    body: `Our field team is running **direct smelting with borax** trials with two mining organizations. The concentrate comes from sluices followed by panning and still contains a fair amount of **pyrite**.

So far:

- Melts in clay crucibles over charcoal with a hand blower.
- Some runs give a clean button; others give a dark, glassy slag full of small gold prills.

What borax ratio should we start with, and how should we treat sulfide-rich concentrates before smelting?

_Sample thread (demo data)._`,
    topicSlug: 'direct-smelting-borax',
    tags: ['borax', 'direct-smelting', 'sulfides', 'mercury-free'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'nadia',
    replies: [
      {
        authorKey: 'kofi',
        accepted: true,
        body: `Prills trapped in slag usually mean the concentrate is not clean enough or the melt is not hot enough.

1. **Upgrade the concentrate first.** Pan it down to a small, heavy fraction and remove magnetite with a magnet. Borax smelting works best on a high-grade concentrate of a few grams to tens of grams.
2. **Ratio.** Start at roughly **1 part borax to 1 part concentrate by weight** and increase the borax for dirtier concentrates. Record each run so the team can find its own best ratio.
3. **Sulfides.** Pyrite forms a matte that traps gold. Remove as much as possible by careful panning, or oxidize (roast) it before smelting.
4. **Heat.** Keep the blower running until the melt is fully fluid, then let it cool in the crucible. Crush and re-pan the slag to recover prills.

One warning: **never smelt a concentrate that has been in contact with mercury** without capturing the vapour.`,
        votes: [
          { voterKey: 'nadia', value: 1 },
          { voterKey: 'ana', value: 1 },
          { voterKey: 'tomas', value: 1 },
        ],
      },
      {
        authorKey: 'tomas',
        body: 'On roasting: pyrite releases **sulfur dioxide**, and if arsenopyrite is present, **arsenic**. Roast only outdoors, away from homes, with nobody standing downwind. Where sulfide content is high, it is often better to separate the sulfides as a separate concentrate than to roast at the camp.',
        votes: [{ voterKey: 'kofi', value: 1 }],
        replies: [
          {
            authorKey: 'nadia',
            body: 'Thanks, both. We do have arsenopyrite at one site, so we will test the sulfide fraction before deciding on roasting.',
          },
        ],
      },
    ],
  },

  // 5 ─ Shaking tables vs sluices
  {
    key: 'shaking-table-vs-sluice',
    kind: 'QUESTION',
    title: 'Shaking table vs sluice: realistic recovery rates for fine gold?',
    body: `Licence applicants increasingly submit mercury-free processing plans based on sluices and shaking tables. Some claim **recoveries above 90%**, which seems optimistic for our fine, partly free-milling ores.

To assess these plans fairly, we would like to know:

- What recoveries are realistic for sluices on gold finer than about 100 µm?
- How much does adding a shaking table as a cleaning stage improve overall recovery?
- What simple evidence (for example tailings assays) should we ask applicants to provide?

_Sample thread (demo data)._`,
    topicSlug: 'gravity-concentration',
    tags: ['shaking-table', 'sluice', 'fine-gold', 'recovery'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'akosua',
    replies: [
      {
        authorKey: 'kofi',
        accepted: true,
        body: `Recovery depends mostly on **liberation** and **particle size**, not on the equipment label.

- Simple carpet sluices do well on coarse free gold but often lose much of the gold finer than about 100 µm; recoveries well below half for that fraction are common in field tests.
- A **shaking table** used to clean sluice or centrifuge concentrates recovers fine gold far better and produces a concentrate clean enough for direct smelting.
- Good **crushing and grinding** and **screening** before the sluice matter as much as the table.

Ask applicants for a **gravity-recoverable gold (GRG) test** or at least a mass balance: head grade, concentrate grade and tailings grade on the same samples. Claims above 90% without tailings assays should be treated with caution.`,
        votes: [
          { voterKey: 'akosua', value: 1 },
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'budi', value: 1 },
        ],
      },
      {
        authorKey: 'budi',
        body: 'From processing sites in Sulawesi: tailings from sluice-only circuits still carried a lot of fine gold, which is why owners kept using mercury. Once a shaking table was added after the sluice, the owners accepted mercury-free processing because the gold they had been losing came back.',
        votes: [{ voterKey: 'kofi', value: 1 }],
        replies: [
          {
            authorKey: 'akosua',
            body: 'Very useful. We will add a mass-balance requirement to our guidance for mercury-free processing plans.',
          },
        ],
      },
    ],
  },

  // 6 ─ Centrifuges
  {
    key: 'centrifuge-20tpd',
    kind: 'QUESTION',
    title: 'Are centrifuge concentrators worth it for a 20 t/day operation?',
    body: `A mining association in Antioquia processing about **20 tonnes of ore per day** is asking whether to buy a batch **centrifugal concentrator** (Knelson or Falcon type, or a locally built copy) as part of leaving mercury behind. Colombia has banned mercury use in mining since 2018 under Ley 1658 of 2013, so they need a workable mercury-free circuit.

Questions:

- Is a centrifuge justified at this throughput, or are sluices plus a shaking table enough?
- What should they watch out for with locally built machines?
- What operating conditions (water, power, feed size) matter most?

_Sample thread (demo data)._`,
    topicSlug: 'gravity-concentration',
    tags: ['centrifuge', 'gravity', 'colombia', 'equipment'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'camilo',
    replies: [
      {
        authorKey: 'kofi',
        accepted: true,
        body: `At 20 t/day a small batch centrifuge can be justified **if the gold is fine and liberated**. Do a gravity-recoverable gold test first; if most gold is coarse, sluices plus a table may be enough.

Things that matter:

- **Feed preparation:** screen the feed (typically below 1–2 mm) and keep it steady; surges wash gold out.
- **Fluidization water:** clean, constant pressure. Dirty water blocks the fluidization holes.
- **Power:** a stable supply or a properly sized generator.
- **Cleaning the concentrate:** the centrifuge concentrate still needs a shaking table or careful panning before smelting.

Locally built machines can work, but check bowl balance, bearing quality and whether spare parts are available in the region.`,
        votes: [
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'ana', value: 1 },
        ],
      },
      {
        authorKey: 'ana',
        body: 'Field note from organizations we accompany: the machines that failed were not the cheap ones but the ones nobody was trained to maintain. Budget for operator training and a spare-parts kit from day one, and make one person responsible for the logbook.',
        votes: [
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'kofi', value: 1 },
        ],
        replies: [
          {
            authorKey: 'camilo',
            body: 'Agreed. We will suggest the association include training and spare parts in its funding request.',
          },
        ],
      },
    ],
  },

  // 7 ─ Cyanidation of mercury-contaminated tailings
  {
    key: 'cyanide-on-amalgamation-tailings',
    kind: 'QUESTION',
    title: 'Why is cyanide leaching of amalgamation tailings an Annex C practice to eliminate?',
    body: `In several districts, processing-site owners buy **tailings left over from amalgamation** and leach them with cyanide in vats to recover the remaining gold. Owners argue this is an improvement because less gold is wasted.

Annex C of the Minamata Convention lists *cyanide leaching in sediment, ore or tailings to which mercury had been added without first removing the mercury* as a practice to eliminate.

Can someone explain the chemistry and the risk in plain language so we can explain it to site owners? And what does "first removing the mercury" mean in practice?

_Sample thread (demo data)._`,
    topicSlug: 'leaching',
    tags: ['cyanide', 'tailings', 'annex-c', 'leaching'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'sari',
    replies: [
      {
        authorKey: 'claire',
        accepted: true,
        body: `In plain language: **cyanide dissolves mercury as well as gold**. In tailings that contain added mercury, cyanide forms soluble **mercury-cyanide complexes** that:

- move easily with water, so mercury spreads from tailings ponds into rivers, where it can be converted to methylmercury and taken up by fish;
- load onto activated carbon with the gold, so mercury is released again when the carbon is burned or the gold is smelted, often without any capture.

That is why Annex C lists the practice among the four to eliminate, alongside **whole-ore amalgamation**, **open burning of amalgam or processed amalgam** and **burning amalgam in residential areas**.

"First removing the mercury" means recovering it (for example by gravity or other removal steps) before leaching, and confirming by analysis that it has been removed. The better long-term answer is to stop adding mercury upstream, so the tailings never contain it. See the [Convention text](https://www.mercuryconvention.org).`,
        votes: [
          { voterKey: 'sari', value: 1 },
          { voterKey: 'tomas', value: 1 },
          { voterKey: 'javier', value: 1 },
        ],
        replies: [
          {
            authorKey: 'sari',
            body: 'Is there a numerical threshold for when tailings count as "mercury removed"?',
            replies: [
              {
                authorKey: 'claire',
                body: 'The Convention does not set one. A threshold would have to come from national regulation, ideally backed by analysis by an accredited laboratory. That is a good point to address in your NAP.',
                votes: [{ voterKey: 'sari', value: 1 }],
              },
            ],
          },
        ],
      },
      {
        authorKey: 'tomas',
        body: 'From the engineering side: leach vats on contaminated tailings also leave **cyanide-bearing residues** that are rarely detoxified at small sites. Characterize the tailings (total mercury, particle size, gold grade) before any reprocessing, and treat leach residues before they are discharged.',
        votes: [{ voterKey: 'claire', value: 1 }],
      },
    ],
  },

  // 8 ─ Thiosulfate leaching
  {
    key: 'thiosulfate-small-scale',
    kind: 'DISCUSSION',
    title: 'Thiosulfate leaching as a cyanide alternative: anyone running it at small scale?',
    body: `Thiosulfate leaching is used at industrial scale (for example with calcium thiosulfate and resin recovery on certain carbonaceous ores), and it is often mentioned as a **less toxic alternative to cyanide** for small operations.

My concerns for ASGM use:

- Reagent consumption is high and the chemistry (copper and ammonia in many systems, pH, oxidation) needs tight control.
- Gold-thiosulfate does not load well on activated carbon, so resins or other recovery steps are needed.
- Thiosulfate also complexes mercury, so contaminated tailings would still need the mercury removed first.

Has anyone seen **pilot results at artisanal or small scale**? What were the costs and recoveries compared with cyanidation?

_Sample thread (demo data)._`,
    topicSlug: 'leaching',
    tags: ['thiosulfate', 'leaching', 'cyanide-alternatives', 'pilot'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'tomas',
    replies: [
      {
        authorKey: 'kofi',
        body: 'We ran bench tests at the university on oxidized ore. Recoveries were reasonable, but the reagent cost per tonne was several times higher than cyanide and results varied with water quality. For most small operations, I would put effort into better gravity recovery first and treat leaching of any kind as a later step under proper permits.',
        votes: [
          { voterKey: 'tomas', value: 1 },
          { voterKey: 'henri', value: 1 },
        ],
      },
      {
        authorKey: 'henri',
        body: 'From a buyer perspective: whatever the lixiviant, we ask for evidence that leach residues are managed and that no mercury-contaminated material is being leached. "Cyanide-free" alone does not answer a due-diligence questionnaire.',
        votes: [{ voterKey: 'dana', value: 1 }],
        replies: [
          {
            authorKey: 'tomas',
            body: 'Fair point. A process flowsheet plus residue management plan is what I would want to see too.',
          },
        ],
      },
    ],
  },

  // 9 ─ Fume hoods in gold shops (es)
  {
    key: 'campanas-tiendas-de-oro',
    kind: 'QUESTION',
    title: '¿Qué especificaciones debe tener una campana extractora para tiendas de compra de oro?',
    body: `En Madre de Dios muchas **tiendas de compra de oro** funden la esponja de oro que llega de los mineros. Aunque haya sido refogada, esa esponja todavía contiene mercurio, y las tiendas están en plena zona urbana.

Queremos proponer un requisito técnico mínimo para estas tiendas:

- ¿Qué diseño de campana o sistema de captura se ha probado en campo?
- ¿Qué eficiencia de captura es realista?
- ¿Cómo verificamos que el sistema funcione después de instalado?

_Sample thread (demo data)._`,
    topicSlug: 'fume-hoods-gold-shops',
    tags: ['campana-extractora', 'tiendas-de-oro', 'emisiones', 'peru'],
    visibility: { scope: 'PUBLIC' },
    language: 'es',
    authorKey: 'javier',
    replies: [
      {
        authorKey: 'tomas',
        accepted: true,
        body: `Existe un sistema de bajo costo desarrollado por la **US EPA y el Argonne National Laboratory** y probado en tiendas de oro de la Amazonía. Combina una campana sobre el punto de fundición, un ventilador y un condensador/filtro sencillo; en pruebas de campo capturó alrededor del **80 %** del mercurio emitido.

Requisitos mínimos que recomendaría:

- Campana cerrada en tres lados sobre el punto de calentamiento, con velocidad de captura suficiente.
- Descarga por chimenea por encima de los techos vecinos.
- Mantenimiento y limpieza del condensador con manejo del mercurio recuperado como residuo peligroso.

Para verificar, mida mercurio en el aire del local y en la descarga con un **analizador portátil de vapor de mercurio**, antes y después de la instalación.`,
        votes: [
          { voterKey: 'javier', value: 1 },
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'marisol', value: 1 },
        ],
      },
      {
        authorKey: 'camilo',
        body: 'En Colombia vimos que la norma por sí sola no basta: las tiendas instalaban la campana pero no encendían el ventilador. Conviene combinar el requisito con visitas de verificación y con formación del personal de la tienda.',
        votes: [{ voterKey: 'javier', value: 1 }],
        replies: [
          {
            authorKey: 'javier',
            body: 'Gracias. Incluiremos verificación periódica con analizador portátil en la propuesta.',
          },
        ],
      },
    ],
  },

  // 10 ─ Biomonitoring biomarkers
  {
    key: 'biomarker-choice',
    kind: 'QUESTION',
    title: 'Hair, urine or blood: which mercury biomarker for a miners\' health survey?',
    body: `We are planning a small health survey with two mining organizations before and after they switch to mercury-free processing. Budget allows about **150 samples** per round.

Which biomarker should we use for:

- miners and family members who burn amalgam or work near burning sites;
- community members who eat a lot of river fish?

Also: what reference values are commonly used to interpret results, and what should we plan for consent and returning results?

_Sample thread (demo data)._`,
    topicSlug: 'biomonitoring',
    tags: ['biomonitoring', 'urine', 'hair', 'health-survey'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'nadia',
    replies: [
      {
        authorKey: 'marisol',
        accepted: true,
        body: `Match the biomarker to the exposure pathway:

- **Urine** reflects exposure to **elemental mercury vapour** and inorganic mercury (amalgam burning, gold melting). Use it for miners and household members. Correct for dilution (creatinine or specific gravity).
- **Hair** mainly reflects **methylmercury** from fish and integrates exposure over months. Use it for fish-eating communities, especially women of child-bearing age.
- **Blood** reflects recent exposure to both forms but needs a cold chain and trained staff.

Commonly used reference points include the German HBM values for urine (HBM I about 7 µg/L and HBM II about 25 µg/L) and the ACGIH occupational biological exposure index (20 µg/g creatinine). Explain what each means before sampling.

For ethics: obtain approval from an ethics committee, take **informed consent**, code samples, and plan **individual results with a clear referral pathway** before you collect anything.`,
        votes: [
          { voterKey: 'nadia', value: 1 },
          { voterKey: 'ana', value: 1 },
          { voterKey: 'lena', value: 1 },
        ],
      },
      {
        authorKey: 'budi',
        body: 'Practical tip: urine collection at remote sites works best with morning collection and a cool box. We lost a whole batch once because nobody arranged transport to the lab before the weekend.',
        votes: [{ voterKey: 'marisol', value: 1 }],
        replies: [
          {
            authorKey: 'nadia',
            body: 'Noted. We will agree on the logistics with the laboratory before the first sampling day.',
          },
        ],
      },
    ],
  },

  // 11 ─ Women and children exposure
  {
    key: 'home-amalgam-burning',
    kind: 'DISCUSSION',
    title: "Reducing women's and children's exposure when amalgam is burned at home",
    body: `In several communities we work with, amalgam is still **burned in kitchens or courtyards**, often by women, with children nearby. Burning amalgam in residential areas is one of the practices Annex C says must be eliminated, and Annex C also asks NAPs to include strategies to protect vulnerable groups, particularly children and women of child-bearing age, especially pregnant women.

What has worked in your experience to:

- move burning out of homes quickly, even before mercury use ends;
- reach women who do processing work but do not attend miners' meetings;
- clean up homes where burning has taken place?

_Sample thread (demo data)._`,
    topicSlug: 'women-and-children',
    tags: ['women', 'children', 'amalgam-burning', 'exposure'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'ana',
    replies: [
      {
        authorKey: 'marisol',
        body: `Mercury vapour is invisible and odourless, so people underestimate it. What worked for us:

- **Measuring** air in a kitchen with a portable analyzer in front of the family; seeing the number changes behaviour.
- Holding sessions at **health posts and antenatal visits**, where women already come.
- Advising families not to sweep or vacuum where mercury was spilled and to ask for help with clean-up instead.`,
        votes: [
          { voterKey: 'ana', value: 1 },
          { voterKey: 'nadia', value: 1 },
        ],
      },
      {
        authorKey: 'yaw',
        body: 'In our camp we built a **shared retort shelter** away from houses and agreed as a group that nobody burns at home. It only worked once the shelter was closer than the houses of most members.',
        votes: [{ voterKey: 'ana', value: 1 }],
        replies: [
          {
            authorKey: 'ana',
            body: 'That detail about distance is important. Convenience decides more than rules.',
          },
        ],
      },
    ],
  },

  // 12 ─ Communicating hair mercury results (es)
  {
    key: 'resultados-mercurio-cabello',
    kind: 'QUESTION',
    title: '¿Cómo comunicar resultados de mercurio en cabello a comunidades ribereñas?',
    body: `Un estudio reciente en comunidades ribereñas de Madre de Dios encontró niveles de **mercurio en cabello** por encima de los valores de referencia en varias mujeres en edad fértil. La mayoría no trabaja en minería: su exposición principal es el **pescado**.

Necesitamos comunicar los resultados sin generar pánico ni que las familias dejen de comer pescado sin alternativa nutricional.

- ¿Qué mensajes han funcionado?
- ¿Conviene recomendar especies de pescado de menor riesgo?
- ¿Quién debe entregar los resultados individuales?

_Sample thread (demo data)._`,
    topicSlug: 'mercury-exposure',
    tags: ['metilmercurio', 'pescado', 'cabello', 'comunicacion-de-riesgo'],
    visibility: { scope: 'PUBLIC' },
    language: 'es',
    authorKey: 'javier',
    replies: [
      {
        authorKey: 'marisol',
        accepted: true,
        body: `Algunas lecciones de nuestro trabajo:

- **Entrega individual y confidencial** por personal de salud conocido por la comunidad, nunca listas públicas.
- Mensaje central: *el pescado es un alimento valioso; elija mejor qué pescado come*. Las especies **carnívoras grandes** acumulan más metilmercurio que las especies pequeñas o que se alimentan de plantas y detritos.
- Priorizar a **gestantes, mujeres en edad fértil y niños pequeños**, porque el metilmercurio afecta el desarrollo del sistema nervioso.
- Ofrecer una **segunda medición** a los 6–12 meses para que las familias vean el efecto de los cambios.

Y coordinar antes con el establecimiento de salud para que haya a quién derivar a las personas con niveles altos.`,
        votes: [
          { voterKey: 'javier', value: 1 },
          { voterKey: 'tomas', value: 1 },
        ],
      },
      {
        authorKey: 'tomas',
        body: 'Complementaría con un muestreo de peces de las especies más consumidas en cada comunidad. Así las recomendaciones se basan en datos locales y no en listas genéricas.',
        votes: [{ voterKey: 'marisol', value: 1 }],
      },
    ],
  },

  // 13 ─ Tailings storage for small plants
  {
    key: 'tailings-small-plant',
    kind: 'QUESTION',
    title: 'Minimum tailings storage design for a small processing plant',
    body: `A small plant (about 10 t/day, gravity circuit, no mercury since last year) discharges tailings into a pit dug next to a creek. The pit overflows in the rainy season. The owners have very limited capital.

What is a **reasonable minimum design** we can ask for?

- Location and distance from watercourses
- Embankment construction
- Managing old tailings that may contain mercury from before the switch

_Sample thread (demo data)._`,
    topicSlug: 'tailings',
    tags: ['tailings', 'water', 'small-plant', 'design'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'camilo',
    replies: [
      {
        authorKey: 'tomas',
        accepted: true,
        body: `A practical minimum:

1. **Site** the facility away from the creek and outside the flood zone; divert clean runoff around it with a ditch.
2. Build a **compacted embankment** in layers, not loose dumped material, with a controlled **spillway** sized for heavy rain so water never overtops the wall.
3. **Decant** clear water from the pond and reuse it in the plant, which also reduces water withdrawal.
4. Keep **freeboard** (spare height) at all times and inspect after every storm.
5. **Sample old tailings** for mercury before moving or reprocessing them. Keep them in a separate cell and do not leach them with cyanide before the mercury has been removed.

A simple register (date, volume, inspection notes) helps the owners and the inspector.`,
        votes: [
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'kofi', value: 1 },
          { voterKey: 'akosua', value: 1 },
        ],
      },
      {
        authorKey: 'kofi',
        body: 'Also consider staged closure from the start: plan where the topsoil goes and how the pond will be covered and revegetated. It costs little at design time and a lot later.',
        votes: [{ voterKey: 'tomas', value: 1 }],
      },
    ],
  },

  // 14 ─ Contaminated sites: screening
  {
    key: 'legacy-hotspots',
    kind: 'DISCUSSION',
    title: 'Screening legacy mercury hotspots at abandoned processing sites',
    body: `We have a list of more than **40 abandoned processing sites** where amalgam was burned for years. Budget will not allow full investigations everywhere, so we need a way to **prioritize**.

Current thinking:

- Desk review and interviews to find former burning and amalgamation spots.
- Field screening of soil and indoor air with a portable mercury analyzer.
- Confirmatory laboratory analysis only at priority sites, especially near homes, schools and water sources.

How have others ranked sites, and which screening tools gave reliable results?

_Sample thread (demo data)._`,
    topicSlug: 'contaminated-sites',
    tags: ['contaminated-sites', 'screening', 'soil', 'prioritization'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'sari',
    replies: [
      {
        authorKey: 'tomas',
        body: `Your approach is sound. A few additions:

- **Rank by exposure, not by concentration alone:** a moderately contaminated site under a house matters more than a hotspot in the forest.
- Portable **XRF** is useful for many metals but not sensitive enough for low mercury levels; a dedicated mercury analyzer is better for screening.
- Measure **indoor air** in former burning houses; vapour levels can remain elevated for years.
- Record GPS coordinates and keep a simple site register.`,
        votes: [
          { voterKey: 'sari', value: 1 },
          { voterKey: 'dana', value: 1 },
        ],
      },
      {
        authorKey: 'dana',
        body: 'Worth linking this register to your NAP and to Article 12 of the Convention, which encourages Parties to develop strategies for identifying and assessing contaminated sites. Having an inventory helps when applying for remediation funding.',
        votes: [{ voterKey: 'sari', value: 1 }],
        replies: [
          {
            authorKey: 'sari',
            body: 'Good suggestion. Our NAP review is due, so we can add the register there.',
          },
        ],
      },
    ],
  },

  // 15 ─ Remediation options
  {
    key: 'phytoremediation-question',
    kind: 'QUESTION',
    title: 'Can phytoremediation clean mercury-contaminated soil at former amalgamation sites?',
    body: `A community group has proposed planting vegetation to "clean up" a former amalgam burning site near a school. Some reports suggest certain plants take up mercury.

Before we support the proposal, we would like to know:

- Is phytoremediation realistic for mercury?
- What are the alternatives for a small site near a school?

_Sample thread (demo data)._`,
    topicSlug: 'remediation',
    tags: ['remediation', 'phytoremediation', 'soil', 'school'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'akosua',
    replies: [
      {
        authorKey: 'tomas',
        accepted: true,
        body: `Phytoremediation of mercury is slow and uncertain: most plants take up little mercury, and some of it can be released back to the air. It is better at **stabilizing soil and reducing erosion** than at removing mercury.

For a small site next to a school, the usual options are:

- **Excavation** of the most contaminated soil and disposal as hazardous waste, where a suitable facility exists.
- **Capping** with clean soil or a barrier and vegetation, plus restricting access.
- In all cases, **confirm the extent** with sampling first and check indoor air in nearby buildings.

Vegetation on top of a cap is a good idea. Vegetation alone as the clean-up is not.`,
        votes: [
          { voterKey: 'akosua', value: 1 },
          { voterKey: 'marisol', value: 1 },
        ],
      },
    ],
  },

  // 16 ─ SECTORS GOVERNMENT: NAP baseline comparison
  {
    key: 'gov-nap-baseline-compare',
    kind: 'QUESTION',
    title: 'Comparing NAP drafts: how did you estimate baseline mercury use?',
    body: `We are finalizing the **baseline inventory** chapter of our National Action Plan. Our current estimate relies on reported gold production multiplied by an assumed mercury-to-gold ratio, and we are not confident in it.

For colleagues who have submitted or drafted NAPs:

- Which data sources did you combine (site surveys, customs data, gold purchases)?
- How did you handle unregistered production?
- How did you present uncertainty in the draft?

Please keep draft figures within this government-only thread.

_Sample thread (demo data)._`,
    topicSlug: 'national-action-plans',
    tags: ['nap', 'baseline', 'inventory', 'annex-c'],
    visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] },
    language: 'en',
    authorKey: 'akosua',
    replies: [
      {
        authorKey: 'javier',
        accepted: true,
        body: `We combined three sources and compared them:

1. **Site surveys** in the main mining regions: interviews on processing methods and mercury use per batch, giving separate ratios for concentrate and whole-ore amalgamation.
2. **Gold production estimates** from registered sales plus an estimate of unregistered production based on the number of active operations.
3. **Mercury supply** indicators from customs and seizure records, used as a cross-check rather than a primary source.

We presented the result as a **range with a central estimate**, and explained the assumptions in an annex. Reviewers found the range more credible than a single number.`,
        votes: [
          { voterKey: 'akosua', value: 1 },
          { voterKey: 'sari', value: 1 },
          { voterKey: 'issa', value: 1 },
        ],
      },
      {
        authorKey: 'sari',
        body: 'Similar experience. We also split the baseline by **region and processing type**, because national averages hid the districts where whole-ore amalgamation still dominated. That split later became the basis for our targets.',
        votes: [{ voterKey: 'akosua', value: 1 }],
        replies: [
          {
            authorKey: 'akosua',
            body: 'Splitting by processing type is what we are missing. Did you survey every district or a sample?',
            replies: [
              {
                authorKey: 'sari',
                body: 'A sample of districts chosen with the provincial offices, then scaled up using the number of active sites per district.',
              },
            ],
          },
        ],
      },
    ],
  },

  // 17 ─ SECTORS GOVERNMENT: border enforcement
  {
    key: 'gov-mercury-smuggling-border',
    kind: 'DISCUSSION',
    title: 'Cross-border mercury smuggling: seizure procedures and storage of seized mercury',
    body: `Our customs and police units report more seizures of mercury hidden in mixed cargo and small containers near border crossings. Two practical problems:

- **Procedures:** officers are unsure how to handle and sample seized mercury safely.
- **Storage:** seized mercury sits in police stations in unsuitable containers.

How are other agencies handling seizure protocols, interagency coordination and **environmentally sound interim storage** of seized mercury? Please keep operational details within this government-only thread.

_Sample thread (demo data)._`,
    topicSlug: 'mercury-trade-enforcement',
    tags: ['smuggling', 'customs', 'enforcement', 'storage'],
    visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] },
    language: 'en',
    authorKey: 'camilo',
    replies: [
      {
        authorKey: 'javier',
        body: `What helped us:

- A short **joint protocol** signed by customs, police, the environment ministry and the prosecutor's office, so every seizure follows the same chain of custody.
- **Training and basic PPE** for officers (gloves, mercury-rated respirators, spill kits), and a rule that containers are never opened at the checkpoint.
- A single **designated storage site** with sealed, labelled containers, rather than storing at each station.`,
        votes: [
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'akosua', value: 1 },
        ],
      },
      {
        authorKey: 'issa',
        body: 'On our side, most mercury enters through informal routes rather than official border posts. Working with local authorities and gold buyers in mining areas gave us more information than checkpoints alone. We also record seizures in a shared database so we can see routes over time.',
        votes: [{ voterKey: 'camilo', value: 1 }],
        replies: [
          {
            authorKey: 'akosua',
            body: 'A shared seizure database is something we could coordinate regionally. Happy to discuss a common template.',
            votes: [
              { voterKey: 'issa', value: 1 },
              { voterKey: 'camilo', value: 1 },
            ],
          },
        ],
      },
    ],
  },

  // 18 ─ SECTORS GOVERNMENT: formalization (es)
  {
    key: 'gov-formalizacion-requisitos',
    kind: 'QUESTION',
    title: 'Formalización: ¿cómo evitar que los requisitos ambientales bloqueen el proceso?',
    body: `En nuestro país miles de mineros inscritos en el **REINFO** siguen sin completar la formalización. Uno de los cuellos de botella es el instrumento ambiental (IGAFOM): muchos mineros no pueden costear los estudios ni cumplir los plazos.

Queremos que la formalización incluya de verdad el abandono del mercurio, sin que los requisitos se conviertan en una barrera imposible.

- ¿Qué han hecho otros gobiernos para simplificar sin perder exigencia ambiental?
- ¿Han vinculado la formalización a incentivos concretos (crédito, compra de oro, asistencia técnica)?

Hilo solo para funcionarios de gobierno.

_Sample thread (demo data)._`,
    topicSlug: 'formalization',
    tags: ['formalizacion', 'reinfo', 'requisitos-ambientales', 'incentivos'],
    visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] },
    language: 'es',
    authorKey: 'javier',
    replies: [
      {
        authorKey: 'camilo',
        body: `En Colombia la experiencia con las **Áreas de Reserva Especial** y los subcontratos de formalización nos dejó algunas lecciones:

- **Instrumentos ambientales por etapas:** requisitos básicos al inicio (manejo de relaves, no uso de mercurio) y estudios más completos a medida que la operación crece.
- **Asistencia técnica pública** para preparar los documentos, en lugar de dejar todo en manos de consultores privados.
- **Incentivos visibles:** acceso a compradores formales de oro y a crédito solo para operaciones formalizadas y sin mercurio.

Lo que más nos piden los mineros es una ventanilla única entre minería y ambiente, para no tener que ir de una oficina a otra; estamos trabajando en eso.`,
        votes: [
          { voterKey: 'javier', value: 1 },
          { voterKey: 'akosua', value: 1 },
        ],
      },
      {
        authorKey: 'javier',
        body: 'Gracias, Camilo. La idea de requisitos por etapas encaja con lo que estamos discutiendo para la próxima actualización del plan de acción nacional.',
      },
    ],
  },

  // 19 ─ SECTORS GOVERNMENT + IGO: NAP reviews and Article 21 reporting
  {
    key: 'nap-review-article-21',
    kind: 'DISCUSSION',
    title: 'Aligning NAP progress reviews with Article 21 national reports',
    body: `Annex C asks each Party with a NAP to review its progress **every three years** and include those reviews in its national reports under **Article 21**. Several of us are preparing our first review at the same time as project reporting to donors.

Questions for governments and for the agencies supporting us:

- Which indicators have you found both meaningful and measurable (mercury use, number of sites using retorts or mercury-free methods, formalized operations)?
- How do you avoid building separate data systems for the NAP review, the national report and project reporting?

Restricted to government and IGO participants because draft indicator values may be shared.

_Sample thread (demo data)._`,
    topicSlug: 'national-action-plans',
    tags: ['nap', 'article-21', 'reporting', 'indicators'],
    visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT', 'IGO'] },
    language: 'en',
    authorKey: 'sari',
    replies: [
      {
        authorKey: 'claire',
        body: `A pattern that works: define a **small core set** of indicators in the NAP itself and reuse them everywhere. For example:

- estimated mercury use in ASGM (range, with method);
- share of known processing sites using retorts or mercury-free methods;
- number of formalized operations and licences issued;
- mercury seizures and enforcement actions.

Project reporting can add detail, but should feed the same national dataset rather than a parallel one.`,
        votes: [
          { voterKey: 'sari', value: 1 },
          { voterKey: 'akosua', value: 1 },
          { voterKey: 'tomas', value: 1 },
        ],
        replies: [
          {
            authorKey: 'sari',
            body: 'Does the core set need to be identical across countries?',
            replies: [
              {
                authorKey: 'claire',
                body: 'No. Comparability helps regional exchange, but indicators should reflect each NAP\'s own objectives and targets.',
                votes: [{ voterKey: 'sari', value: 1 }],
              },
            ],
          },
        ],
      },
      {
        authorKey: 'tomas',
        body: 'For site-level indicators, a simple site register (location, processing method, mercury use yes/no, date of last visit) maintained by the mining authority is usually enough, and it doubles as a sampling frame for the next baseline update.',
        votes: [{ voterKey: 'akosua', value: 1 }],
      },
      {
        authorKey: 'akosua',
        body: 'We are setting up exactly that kind of register. Sharing a common template between ministries in this group would save us all time.',
        votes: [{ voterKey: 'lena', value: 1 }],
      },
    ],
  },

  // 20 ─ NAP baseline inventory (fr)
  {
    key: 'pan-inventaire-reference',
    kind: 'QUESTION',
    title: "Élaboration du PAN : comment réaliser l'inventaire de référence sur les sites d'orpaillage ?",
    body: `Notre agence participe à l'élaboration du **Plan d'action national (PAN)** prévu par l'article 7 et l'annexe C de la Convention de Minamata. Nous devons produire une estimation de référence des quantités de mercure utilisées dans l'orpaillage.

Nos difficultés :

- de nombreux sites sont temporaires et difficiles d'accès ;
- les orpailleurs hésitent à déclarer le mercure qu'ils utilisent ;
- les données de production d'or sont incomplètes.

Quelle méthode recommandez-vous, et quels ordres de grandeur utiliser pour le rapport mercure/or ?

_Sample thread (demo data)._`,
    topicSlug: 'national-action-plans',
    tags: ['pan', 'inventaire', 'orpaillage', 'annexe-c'],
    visibility: { scope: 'PUBLIC' },
    language: 'fr',
    authorKey: 'issa',
    replies: [
      {
        authorKey: 'claire',
        accepted: true,
        body: `La démarche la plus courante combine :

1. **Un échantillon de sites** représentatif par région et par type de traitement, avec des entretiens et des observations directes (quantité de mercure par lot, méthode d'amalgamation, brûlage à l'air libre ou en cornue).
2. **Une estimation de la production d'or** à partir des achats des comptoirs, des déclarations et du nombre de sites actifs.
3. **Des rapports mercure/or** distincts selon la pratique : de l'ordre de **1:1 à 1,3:1** pour l'amalgamation de concentrés, et souvent **3:1 ou plus** pour l'amalgamation du minerai entier.

Présentez le résultat sous forme de **fourchette** et documentez les hypothèses. Le guide du PNUE sur l'élaboration des PAN et les ressources de la [Convention](https://www.mercuryconvention.org) détaillent cette méthode. Pour la confiance des orpailleurs, faites-vous accompagner par des associations locales et garantissez l'anonymat des réponses.`,
        votes: [
          { voterKey: 'issa', value: 1 },
          { voterKey: 'lena', value: 1 },
        ],
        replies: [
          {
            authorKey: 'issa',
            body: "Merci. Faut-il inclure les sites semi-mécanisés dans le même inventaire que l'orpaillage artisanal ?",
            replies: [
              {
                authorKey: 'claire',
                body: "Oui, s'ils relèvent de l'extraction minière artisanale et à petite échelle au sens de votre législation et qu'ils utilisent du mercure. Indiquez-les séparément pour que les objectifs puissent être différenciés.",
                votes: [{ voterKey: 'issa', value: 1 }],
              },
            ],
          },
        ],
      },
    ],
  },

  // 21 ─ Gender and training (pt)
  {
    key: 'mulheres-beneficiamento',
    kind: 'DISCUSSION',
    title: 'Mulheres no beneficiamento: como incluí-las nos treinamentos sem mercúrio?',
    body: `Nas organizações que acompanhamos, muitas **mulheres trabalham no beneficiamento**: bateia, separação do concentrado e, em alguns casos, a queima do amálgama. Mesmo assim, os treinamentos sobre métodos sem mercúrio são frequentados quase só por homens.

Algumas ideias que estamos testando:

- horários e locais de treinamento compatíveis com o cuidado das crianças;
- **instrutoras** mulheres formadas dentro das próprias cooperativas;
- metas mínimas de participação feminina nos projetos.

Que experiências vocês têm? O que funcionou e o que não funcionou?

_Sample thread (demo data)._`,
    topicSlug: 'gender',
    tags: ['genero', 'mulheres', 'treinamento', 'cooperativas'],
    visibility: { scope: 'PUBLIC' },
    language: 'pt',
    authorKey: 'ana',
    replies: [
      {
        authorKey: 'nadia',
        body: `Na Colômbia, o que mais funcionou foi **formar instrutoras** entre as próprias mineiras. Elas explicam a mesa concentradora e a fundição com bórax com exemplos do dia a dia e as outras mulheres se sentem à vontade para perguntar.

Também ajudou **pagar o dia de treinamento**, porque muitas mulheres perdem renda quando deixam o trabalho para participar.`,
        votes: [
          { voterKey: 'ana', value: 1 },
          { voterKey: 'marisol', value: 1 },
        ],
        replies: [
          {
            authorKey: 'ana',
            body: 'Ótimo ponto sobre a renda perdida. Vamos incluir uma ajuda de custo no próximo orçamento e medir a participação por sexo em cada sessão.',
          },
        ],
      },
    ],
  },

  // 22 ─ Whole-ore amalgamation in tromol mills (id)
  {
    key: 'amalgamasi-tromol',
    kind: 'QUESTION',
    title: 'Bagaimana menghentikan amalgamasi bijih utuh di tromol?',
    body: `Di beberapa kabupaten, pengolahan emas skala kecil masih memakai **tromol** (gelundung): bijih, air, dan merkuri digiling bersama. Ini termasuk **amalgamasi bijih utuh**, praktik yang menurut Lampiran C Konvensi Minamata harus dihapuskan, dan menjadi target dalam rencana aksi nasional kami.

Pemilik tromol khawatir perolehan emas turun jika merkuri dihentikan. Pertanyaan kami:

- Alternatif apa yang paling realistis untuk pemilik tromol?
- Bagaimana tahapan transisinya?
- Bagaimana meyakinkan pemilik yang modalnya terbatas?

_Sample thread (demo data)._`,
    topicSlug: 'eliminating-whole-ore-amalgamation',
    tags: ['tromol', 'amalgamasi', 'bebas-merkuri', 'indonesia'],
    visibility: { scope: 'PUBLIC' },
    language: 'id',
    authorKey: 'sari',
    replies: [
      {
        authorKey: 'budi',
        accepted: true,
        body: `Dari pengalaman lapangan kami, transisi paling berhasil dilakukan bertahap:

1. **Tromol tetap dipakai untuk menggiling, tetapi tanpa merkuri.** Hasil gilingan dialirkan ke **sluice** (karpet) lalu konsentratnya dibersihkan di **meja goyang**.
2. **Konsentrat dilebur langsung dengan boraks**, sehingga merkuri tidak diperlukan sama sekali.
3. Sementara itu, jika masih ada amalgamasi, **hanya konsentrat** yang diamalgamasi dan amalgam dipanaskan dengan **retort**, bukan dibakar terbuka.

Yang paling meyakinkan pemilik adalah **uji perbandingan di lokasi mereka sendiri**: satu batch dengan cara lama, satu batch dengan cara baru, lalu emas dan biaya ditimbang bersama. Untuk modal, meja goyang bisa dibeli bersama oleh beberapa pemilik tromol.`,
        votes: [
          { voterKey: 'sari', value: 1 },
          { voterKey: 'kofi', value: 1 },
        ],
        replies: [
          {
            authorKey: 'sari',
            body: 'Terima kasih. Kami akan mengusulkan uji perbandingan seperti ini di dua kabupaten percontohan tahun depan.',
          },
        ],
      },
    ],
  },

  // 23 ─ Access to finance for a cooperative
  {
    key: 'finance-cooperative-equipment',
    kind: 'QUESTION',
    title: 'Financing a centrifuge and shaking table for a 40-member cooperative',
    body: `Our cooperative (40 members, licensed small-scale concession) wants to buy a **centrifuge and a shaking table** so we can stop using mercury completely. Banks ask for collateral we do not have, and microfinance loans are too small and too short.

What financing options have other cooperatives used successfully? We can show two years of production records and we have a bank account in the cooperative's name.

_Sample thread (demo data)._`,
    topicSlug: 'access-to-finance',
    tags: ['finance', 'cooperative', 'equipment', 'mercury-free'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'yaw',
    replies: [
      {
        authorKey: 'nadia',
        accepted: true,
        body: `Options we have seen work for organizations with records like yours:

- **Equipment leasing or hire-purchase**, where the equipment itself serves as collateral.
- **Buyer pre-financing**: a responsible buyer or refiner advances funds and is repaid in gold deliveries. Read the terms carefully, especially pricing.
- **Blended finance** from projects (for example under [planetGOLD](https://www.planetgold.org)) that reduce lender risk with guarantees or partial grants.
- **Member savings** into a cooperative equipment fund as the cooperative's own contribution, which lenders like to see.

Your production records and cooperative bank account are real assets; present them with a simple business plan showing the gold you currently lose without fine-gold recovery.`,
        votes: [
          { voterKey: 'yaw', value: 1 },
          { voterKey: 'dana', value: 1 },
          { voterKey: 'henri', value: 1 },
        ],
      },
      {
        authorKey: 'henri',
        body: 'As a refiner we offer pre-financing only to organizations that have passed our due diligence. Getting that done first (legal status, licence, no mercury, basic health and safety) makes finance conversations much easier.',
        votes: [{ voterKey: 'yaw', value: 1 }],
        replies: [
          {
            authorKey: 'yaw',
            body: 'Which documents do you usually ask for in the first visit?',
            replies: [
              {
                authorKey: 'henri',
                body: 'Licence and registration, member list, production and sales records, a description of the processing method, and any health and safety or environmental permits.',
                votes: [{ voterKey: 'yaw', value: 1 }],
              },
            ],
          },
        ],
      },
    ],
  },

  // 24 ─ MEMBERS: what refiners need
  {
    key: 'refiners-requirements',
    kind: 'DISCUSSION',
    title: 'What refiners actually need from ASGM organizations to buy directly',
    body: `We want to buy more gold directly from artisanal and small-scale mining organizations, but many lots fail our due diligence for reasons that could be fixed.

Our main requirements follow the **OECD Due Diligence Guidance** and industry responsible-gold standards:

- legal status and a valid licence;
- clear chain of custody from site to export;
- no serious abuses or payments to armed groups;
- evidence on processing practices, including mercury use.

What would make these requirements more realistic for mining organizations, and what support should buyers provide?

_Sample thread (demo data)._`,
    topicSlug: 'responsible-gold-supply-chains',
    tags: ['due-diligence', 'refiners', 'oecd', 'supply-chain'],
    visibility: { scope: 'MEMBERS' },
    language: 'en',
    authorKey: 'henri',
    replies: [
      {
        authorKey: 'dana',
        body: 'Buyers should treat due diligence as **progressive improvement**, not pass/fail. Frameworks such as the CRAFT code were designed for that: an organization identifies risks and commits to a plan, and buyers engage while progress is monitored. Disengaging at the first gap often pushes gold back to informal buyers who ask no questions.',
        votes: [
          { voterKey: 'henri', value: 1 },
          { voterKey: 'nadia', value: 1 },
        ],
      },
      {
        authorKey: 'nadia',
        body: 'From the Fairmined side: organizations need **time and help with documentation**. Paying a premium for certified or improving gold, and co-funding the first audit, made the biggest difference for the groups we accompany.',
        votes: [{ voterKey: 'ana', value: 1 }],
      },
      {
        authorKey: 'yaw',
        body: 'As a cooperative leader: please give us **one checklist** in plain language. Every buyer asks for different papers, so we end up preparing everything three times.',
        votes: [
          { voterKey: 'henri', value: 1 },
          { voterKey: 'dana', value: 1 },
        ],
        replies: [
          {
            authorKey: 'henri',
            body: 'Fair criticism. We will publish our checklist and map it to the OECD steps so other buyers can reuse it.',
          },
        ],
      },
    ],
  },

  // 25 ─ Traceability
  {
    key: 'traceability-tools',
    kind: 'QUESTION',
    title: 'Traceability for ASGM gold: paper logbooks, lot tags or digital platforms?',
    body: `Several projects are piloting traceability for artisanal gold, from paper logbooks to **digital platforms** and sealed lot tags. Costs and claims vary a lot.

For a mining organization producing a few kilograms per year, what is the minimum traceability system that a refiner will accept, and when is a digital system worth the cost?

_Sample thread (demo data)._`,
    topicSlug: 'traceability',
    tags: ['traceability', 'chain-of-custody', 'digital', 'refiners'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'dana',
    replies: [
      {
        authorKey: 'henri',
        accepted: true,
        body: `For a few kilograms a year, a **well-kept paper system** is usually enough to start:

- numbered lots with date, site, weight and who handled them;
- sealed, signed bags at each transfer;
- records that reconcile production, sales and the refiner's assay results.

A digital platform helps when volumes grow, when many sites feed one buyer, or when the organization wants to prove specific claims (for example mercury-free processing) to several buyers. It does **not** replace site visits: a platform only records what people enter.`,
        votes: [
          { voterKey: 'dana', value: 1 },
          { voterKey: 'nadia', value: 1 },
          { voterKey: 'camilo', value: 1 },
        ],
      },
      {
        authorKey: 'budi',
        body: 'One caution from the field: a digital system that needs mobile coverage at the mine site will fail. Choose tools that work offline and sync later.',
        votes: [{ voterKey: 'henri', value: 1 }],
      },
    ],
  },

  // 26 ─ Licensing in Ghana
  {
    key: 'ghana-small-scale-licence',
    kind: 'QUESTION',
    title: 'What are the steps to obtain a small-scale mining licence in Ghana?',
    body: `Our group has been mining on a small plot for years and we want to get licensed properly. People give us different stories about the process and the costs.

What are the main steps, which offices are involved, and what environmental requirements should we expect? We have also heard about **Community Mining Schemes**. Are they a better route for a group like ours?

_Sample thread (demo data)._`,
    topicSlug: 'licensing',
    tags: ['licensing', 'ghana', 'small-scale', 'community-mining'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'yaw',
    replies: [
      {
        authorKey: 'akosua',
        accepted: true,
        body: `In outline (check current requirements with your district office, as procedures are updated):

1. Under the **Minerals and Mining Act, 2006 (Act 703)**, small-scale mining licences are reserved for **Ghanaian citizens** and apply to areas designated for small-scale mining.
2. Apply through the **District Office of the Minerals Commission**, which checks the area and liaises with the District Mining Committee.
3. Obtain an **environmental permit** from the Environmental Protection Agency, which includes a reclamation commitment.
4. Water use may need a separate permit if you draw from a river or stream.

**Community Mining Schemes** can suit groups like yours: the area is prepared for local miners, and support for organization and safer, mercury-free processing is part of the package. Visit the district office with your group's registration documents to ask about schemes near you.`,
        votes: [
          { voterKey: 'yaw', value: 1 },
          { voterKey: 'kofi', value: 1 },
        ],
      },
    ],
  },

  // 27 ─ MEMBERS: training of trainers
  {
    key: 'training-of-trainers',
    kind: 'DISCUSSION',
    title: 'Training of trainers: what makes mercury-free demonstrations stick?',
    body: `We have run many one-day demonstrations of gravity concentration and borax smelting. Miners are impressed on the day, but a few months later most sites are back to amalgamation.

We are redesigning our approach as a **training-of-trainers** programme. Ideas so far:

- select trainers who are respected miners, not outsiders;
- train on the miners' own ore, at their site;
- follow-up visits at 1, 3 and 6 months.

What else has worked for you?

_Sample thread (demo data)._`,
    topicSlug: 'training',
    tags: ['training', 'trainers', 'adoption', 'mercury-free'],
    visibility: { scope: 'MEMBERS' },
    language: 'en',
    authorKey: 'budi',
    replies: [
      {
        authorKey: 'kofi',
        body: 'Run a **side-by-side trial** with the miners weighing the gold themselves. If the mercury-free method recovers less on their ore, they are right to drop it, so fix the process (grinding, table settings) before blaming "resistance".',
        votes: [
          { voterKey: 'budi', value: 1 },
          { voterKey: 'ana', value: 1 },
          { voterKey: 'yaw', value: 1 },
        ],
      },
      {
        authorKey: 'yaw',
        body: 'Demonstrations stick when the **equipment stays** at the site. If the table leaves with the trainers, so does the method.',
        votes: [
          { voterKey: 'budi', value: 1 },
          { voterKey: 'kofi', value: 1 },
        ],
      },
      {
        authorKey: 'ana',
        body: 'Include the people who actually do the processing, often women, and the site owner who decides on investments. Training only the diggers changes little.',
        votes: [{ voterKey: 'budi', value: 1 }],
        replies: [
          {
            authorKey: 'budi',
            body: 'Agreed. We will add site owners and processing workers as separate target groups in the programme design.',
          },
        ],
      },
    ],
  },

  // 28 ─ MEMBERS: cooperative governance
  {
    key: 'cooperative-governance-basics',
    kind: 'QUESTION',
    title: 'Cooperative governance basics before applying for a mining title',
    body: `We support mining associations that want to apply for a mining title as a **cooperative**. Many were created quickly to meet a requirement and exist mostly on paper.

What governance basics should be in place before they apply, so that the cooperative can actually manage shared equipment, finance and sales?

_Sample thread (demo data)._`,
    topicSlug: 'cooperatives',
    tags: ['cooperatives', 'governance', 'formalization', 'colombia'],
    visibility: { scope: 'MEMBERS' },
    language: 'en',
    authorKey: 'camilo',
    replies: [
      {
        authorKey: 'ana',
        accepted: true,
        body: `A short checklist we use:

- **Real members** who attend assemblies, with minutes kept.
- **Separate roles** for the board, the treasurer and an oversight committee.
- A **cooperative bank account** and monthly financial reports shared with members.
- Written **rules for shared equipment**: who operates it, maintenance, and how costs and gold are shared.
- A **grievance mechanism** members trust.

Organizations with these basics get through formalization, certification and finance applications much faster.`,
        votes: [
          { voterKey: 'camilo', value: 1 },
          { voterKey: 'nadia', value: 1 },
          { voterKey: 'yaw', value: 1 },
        ],
      },
      {
        authorKey: 'nadia',
        body: 'I would add **women\'s participation** in decisions, not only in membership lists. Several buyers and standards now ask for it.',
        votes: [{ voterKey: 'ana', value: 1 }],
      },
    ],
  },

  // 29 ─ Occupational exposure monitoring
  {
    key: 'air-monitoring-processing',
    kind: 'QUESTION',
    title: 'Is air monitoring with a portable mercury analyzer worth it at processing sites?',
    body: `We can borrow a **portable mercury vapour analyzer** for two weeks. Would measurements at processing sites and gold shops be useful for our programme, or is urine biomonitoring enough?

If we do measure, where and when should we take readings so the data are meaningful?

_Sample thread (demo data)._`,
    topicSlug: 'mercury-exposure',
    tags: ['air-monitoring', 'mercury-vapour', 'exposure', 'gold-shops'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'nadia',
    replies: [
      {
        authorKey: 'marisol',
        body: `Yes, air measurements are very useful and complement urine data: they show **where and when** exposure happens, which urine cannot.

Suggested plan:

- Measure **during amalgam burning, retorting and gold melting**, at the operator's breathing zone and a few metres away.
- Measure **inside nearby homes** and in gold shops, including after work hours, since contamination lingers.
- Record time, activity, distance and ventilation with each reading.

Also use readings for **communication**; showing a number on the screen during burning convinces people more than any leaflet.`,
        votes: [
          { voterKey: 'nadia', value: 1 },
          { voterKey: 'tomas', value: 1 },
        ],
      },
      {
        authorKey: 'tomas',
        body: 'Check the instrument\'s calibration date and zero it in clean air each morning. Readings taken with a poorly maintained instrument can undermine the whole programme.',
        votes: [{ voterKey: 'marisol', value: 1 }],
      },
    ],
  },

  // 30 ─ Flotation at small scale
  {
    key: 'small-scale-flotation',
    kind: 'QUESTION',
    title: 'Is small-scale flotation viable for sulfide-rich gold ore?',
    body: `Several processing sites I work with treat ore where much of the gold is locked in **pyrite and arsenopyrite**. Gravity recovers only part of it, which is one reason owners keep using mercury or send tailings to cyanidation.

Is **small-scale flotation** to produce a sulfide concentrate realistic for operations of 10–30 t/day? What about reagents, water and what to do with the concentrate?

_Sample thread (demo data)._`,
    topicSlug: 'flotation',
    tags: ['flotation', 'sulfides', 'refractory-ore', 'concentrate'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'budi',
    replies: [
      {
        authorKey: 'kofi',
        body: `It can be, but only with good support:

- Flotation needs **consistent grinding**, stable pulp density and reagent dosing (collectors such as xanthates, frothers, sometimes pH control). Small operations struggle with consistency more than with equipment.
- The **sulfide concentrate** usually cannot be processed on site; it needs a buyer or a central plant. Check the market before building a circuit, and note that arsenic can make a concentrate hard to sell.
- **Reagents** must be stored and handled safely, and flotation tailings and process water need management.

A practical route is a **shared or central flotation plant** serving several sites, combined with gravity recovery of free gold at each site.`,
        votes: [
          { voterKey: 'budi', value: 1 },
          { voterKey: 'tomas', value: 1 },
        ],
      },
      {
        authorKey: 'tomas',
        body: 'And keep flotation tailings separate from any old amalgamation tailings, so you do not end up with mixed material that later gets leached with cyanide.',
        votes: [{ voterKey: 'kofi', value: 1 }],
      },
    ],
  },

  // 31 ─ Mercury recovered in retorts
  {
    key: 'recovered-mercury-fate',
    kind: 'QUESTION',
    title: 'What should happen to the mercury recovered in retorts?',
    body: `Retort programmes recover significant quantities of mercury. Miners usually **reuse** it in the next batch, which cuts their purchases of new mercury. Some programme staff worry that this keeps mercury in circulation.

How should projects handle recovered mercury in line with the Minamata Convention, and does reuse conflict with the goal of elimination?

_Sample thread (demo data)._`,
    topicSlug: 'retorts',
    tags: ['retort', 'recovered-mercury', 'storage', 'waste'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'dana',
    replies: [
      {
        authorKey: 'claire',
        accepted: true,
        body: `Reuse of recovered mercury as an **interim measure** is consistent with reducing use and releases: each gram reused is a gram not bought. The NAP should treat retorts as a step towards elimination, with targets for mercury-free processing, not as an end point.

Where mercury is no longer needed, for example once a site has switched to mercury-free processing:

- it should be handled under national rules implementing **Article 10** (environmentally sound interim storage) and **Article 11** (mercury wastes);
- projects should agree in advance who collects it and where it goes, rather than leaving it with miners who may sell it on.

Recording quantities recovered and handed over also gives useful data for the NAP review.`,
        votes: [
          { voterKey: 'dana', value: 1 },
          { voterKey: 'budi', value: 1 },
        ],
      },
      {
        authorKey: 'budi',
        body: 'Practical point: when a site goes mercury-free, offer a **collection visit** with sealed containers. Otherwise leftover mercury tends to be sold to the next site.',
        votes: [{ voterKey: 'dana', value: 1 }],
      },
    ],
  },

  // 32 ─ MEMBERS: proposals aligned with NAPs
  {
    key: 'proposals-aligned-with-nap',
    kind: 'QUESTION',
    title: 'How should NGO project proposals align with a country\'s National Action Plan?',
    body: `We are preparing a proposal for a mercury-free processing and formalization project. Donors increasingly ask how the project "contributes to the NAP".

What does good alignment look like in practice: quoting objectives, adopting NAP indicators, co-designing with the ministry? And how do we handle countries where the NAP has not yet been finalized?

_Sample thread (demo data)._`,
    topicSlug: 'national-action-plans',
    tags: ['nap', 'proposals', 'donors', 'alignment'],
    visibility: { scope: 'MEMBERS' },
    language: 'en',
    authorKey: 'ana',
    replies: [
      {
        authorKey: 'claire',
        body: `Good alignment goes beyond quoting the NAP:

- Map each project outcome to a **specific NAP objective or strategy** (for example formalization steps, mercury-free processing, or protecting vulnerable populations).
- **Reuse NAP indicators** and agree with the ministry how your data will feed the NAP review.
- Get a **letter of support** from the NAP focal point and invite the ministry into the steering committee.

Where the NAP is still being drafted, align with the Annex C elements and the draft priorities, and offer project data (for example site surveys) to support the baseline.`,
        votes: [
          { voterKey: 'ana', value: 1 },
          { voterKey: 'nadia', value: 1 },
        ],
      },
      {
        authorKey: 'lena',
        body: 'Moderator note: please do not post unpublished draft NAP content in this members-only thread. Government participants can use the sector-restricted NAP threads for that.',
        votes: [{ voterKey: 'claire', value: 1 }],
      },
    ],
  },

  // 33 ─ Gender indicators
  {
    key: 'gender-indicators',
    kind: 'DISCUSSION',
    title: 'Measuring who benefits: gender indicators for mercury-free transition projects',
    body: `Many projects report the number of women trained, but this says little about whether women's **income, health or decision-making** improved when sites switched to mercury-free processing. In some cases, mechanized processing has replaced work that women used to do by hand.

Which indicators have you found meaningful and feasible to collect? For example:

- income of women before and after the switch;
- women in cooperative leadership roles;
- women's exposure (urine mercury) before and after.

_Sample thread (demo data)._`,
    topicSlug: 'gender',
    tags: ['gender', 'indicators', 'monitoring', 'women'],
    visibility: { scope: 'PUBLIC' },
    language: 'en',
    authorKey: 'marisol',
    replies: [
      {
        authorKey: 'ana',
        body: 'We track **who operates the new equipment** and **who receives the payments**, disaggregated by sex. When a shaking table arrived at one site, women lost paid panning work until the cooperative agreed that table operators would be trained from among the former panners.',
        votes: [
          { voterKey: 'marisol', value: 1 },
          { voterKey: 'nadia', value: 1 },
        ],
      },
      {
        authorKey: 'nadia',
        body: 'Keep the list short. Three indicators collected reliably every quarter beat fifteen collected once. We settled on women\'s income from mining, women in decision-making roles, and participation in training.',
        votes: [
          { voterKey: 'marisol', value: 1 },
          { voterKey: 'ana', value: -1 },
        ],
        replies: [
          {
            authorKey: 'ana',
            body: 'Agree on keeping it short, but I would drop participation in training: it is the indicator that tells us least about benefits. Women\'s urine mercury before and after the switch says much more.',
            votes: [{ voterKey: 'marisol', value: 1 }],
            replies: [
              {
                authorKey: 'nadia',
                body: 'Fair. Biomonitoring costs more, but we could do it on a sample of women at baseline and after one year.',
              },
            ],
          },
        ],
      },
    ],
  },
];
