import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';
import { SearchTermsParser } from './search-terms';

@Module({
  imports: [PostsModule],
  providers: [SearchTermsParser, SearchService, SearchResolver],
})
export class SearchModule {}
